using Microsoft.Extensions.Logging;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>Writes warnings and errors of the test silos to one file, so a failing run can be read afterwards.</summary>
internal sealed class FileLoggerProvider(string path, string silo) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, silo, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string silo, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {logLevel} {category}: {formatter(state, exception)} {exception}\n");
            }
        }
    }
}
