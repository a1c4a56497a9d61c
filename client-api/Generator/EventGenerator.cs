using FlowOrleans.ClientApi.Ingest;

namespace FlowOrleans.ClientApi.Generator;

/// <summary>
/// The built-in event generator (<c>--demo</c>, <c>POST /generator/start</c>). It sends its events through
/// the same ingest path as everyone else, ten batches a second.
/// </summary>
public sealed partial class EventGenerator(IEventIngestor ingestor, TimeProvider time, ILogger<EventGenerator> logger) : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private Task _loop = Task.CompletedTask;
    private GeneratorSettings _settings = new();
    private long _sent;

    /// <summary>The current settings and counters.</summary>
    public GeneratorStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new(_running is not null, _settings.Rate, _settings.Keys, _settings.DisorderMs, _settings.LateFraction, Interlocked.Read(ref _sent));
            }
        }
    }

    /// <summary>Starts (or restarts with new settings) the generator.</summary>
    public async Task StartAsync(GeneratorSettings settings)
    {
        await StopAsync();
        lock (_gate)
        {
            _settings = settings;
            _running = new CancellationTokenSource();
            var factory = new EventFactory(settings, new Random(), "gen-" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            _loop = RunAsync(factory, settings.Rate, _running.Token);
        }

        LogStarted(logger, settings.Rate, settings.Keys, settings.DisorderMs, settings.LateFraction);
    }

    /// <summary>Stops the generator and waits for its last batch.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? running;
        Task loop;
        lock (_gate)
        {
            (running, _running, loop) = (_running, null, _loop);
        }

        if (running is null)
        {
            return;
        }

        await running.CancelAsync();
        await loop;
        running.Dispose();
        LogStopped(logger, Interlocked.Read(ref _sent));
    }

    private async Task RunAsync(EventFactory factory, int rate, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        var owed = 0.0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                owed += rate * Tick.TotalSeconds;
                var count = (int)owed;
                if (count == 0)
                {
                    continue;
                }

                owed -= count;
                var events = factory.Next(count, time.GetUtcNow().ToUnixTimeMilliseconds());
                try
                {
                    await ingestor.IngestAsync(events, cancellationToken);
                    Interlocked.Add(ref _sent, count);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSendFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}
