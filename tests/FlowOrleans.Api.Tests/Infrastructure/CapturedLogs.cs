using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Api.Tests.Infrastructure;

/// <summary>A logger provider that keeps every entry at <see cref="LogLevel.Warning"/> or above, for tests that assert a node stayed quiet.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    /// <summary>The warnings and errors so far, in order.</summary>
    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Warnings => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
