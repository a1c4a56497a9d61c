using System.Threading.Channels;
using FlowOrleans.Runtime.AzureStorage.Stream;

namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>
/// The single writer of one partition in this process. It drains every queued append into one batch entity (group
/// commit: concurrent requests share one table transaction), appends it fenced at the offset it expects, and
/// acknowledges the callers only once the batch is stored. After an error whose outcome is unknown (a timeout), the
/// retry at the same offset either lands, or finds the offset taken: if the stored batch is byte for byte ours, the
/// earlier attempt landed; otherwise another writer appended and the batch goes after it. So nothing is appended twice.
/// The parts of idempotent requests carry their markers into the batch's transaction (at most
/// <see cref="AzureTableLogStore.MaxMarkersPerAppend"/> a batch).
/// </summary>
internal sealed class PartitionAppender : IAsyncDisposable
{
    private readonly Channel<PartitionAppend> _queue = Channel.CreateUnbounded<PartitionAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IPartitionLogStore _store;
    private readonly string _partitionName;
    private readonly AzureTableIngestLogOptions _options;
    private readonly Action<long> _published;
    private readonly List<PartitionAppend> _batch = [];
    private readonly Task _loop;
    private long _next;

    public PartitionAppender(IPartitionLogStore store, string partitionName, long nextOffset, AzureTableIngestLogOptions options, Action<long> published)
    {
        _store = store;
        _partitionName = partitionName;
        _next = nextOffset;
        _options = options;
        _published = published;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues <paramref name="append"/>; its task completes with its first offset once durable.</summary>
    public Task<long> Enqueue(PartitionAppend append)
    {
        if (!_queue.Writer.TryWrite(append))
        {
            throw new ObjectDisposedException(nameof(AzureTableIngestLog));
        }

        return append.FirstOffset.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _batch.Clear();
            int events = 0, bytes = 0, markers = 0;
            while (reader.TryPeek(out var next)
                && (_batch.Count == 0 || (events + next.Events.Count <= _options.MaxEventsPerBatch && bytes + next.Bytes <= _options.MaxBatchBytes
                    && markers + (next.MarkerName is null ? 0 : 1) <= AzureTableLogStore.MaxMarkersPerAppend)))
            {
                reader.TryRead(out _);
                _batch.Add(next);
                events += next.Events.Count;
                bytes += next.Bytes;
                markers += next.MarkerName is null ? 0 : 1;
            }

            await AppendBatchAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends <see cref="_batch"/> and completes its callers. A caller whose marker is already stored (its events were
    /// appended before, by another writer) gets <see cref="LogMarkerExistsException"/>, and the others are appended without it.
    /// </summary>
    private async Task AppendBatchAsync()
    {
        while (_batch.Count > 0)
        {
            var payloads = _batch.SelectMany(a => a.Events).Select(e => (ReadOnlyMemory<byte>)e).ToList();
            var markers = new List<LogMarker>();
            var index = 0;
            foreach (var append in _batch)
            {
                if (append.MarkerAt(index) is { } marker)
                {
                    markers.Add(marker);
                }

                index += append.Events.Count;
            }

            try
            {
                var first = await AppendOnceAsync(payloads, markers).ConfigureAwait(false);
                _next = first + payloads.Count;
                var offset = first;
                foreach (var append in _batch)
                {
                    append.FirstOffset.TrySetResult(offset);
                    offset += append.Events.Count;
                }

                _published(_next);
                return;
            }
            catch (LogMarkerExistsException exists)
            {
                foreach (var append in _batch.Where(a => a.MarkerName is { } name && exists.Names.Contains(name)))
                {
                    append.FirstOffset.TrySetException(exists);
                }

                if (_batch.RemoveAll(a => a.FirstOffset.Task.IsCompleted) == 0)
                {
                    FailBatch(exists);
                    return;
                }
            }
            catch (Exception ex)
            {
                FailBatch(ex);
                return;
            }
        }
    }

    private void FailBatch(Exception ex)
    {
        foreach (var append in _batch)
        {
            append.FirstOffset.TrySetException(new IOException($"Appending to log partition {_partitionName} failed: {ex.Message}", ex));
        }
    }

    /// <summary>Appends <paramref name="payloads"/> exactly once and returns their first offset.</summary>
    private async Task<long> AppendOnceAsync(List<ReadOnlyMemory<byte>> payloads, List<LogMarker> markers)
    {
        var uncertain = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _store.AppendAsync(_partitionName, payloads, markers, _next).ConfigureAwait(false);
            }
            catch (LogOffsetConflictException conflict)
            {
                if (uncertain && await IsStoredAtAsync(_next, payloads).ConfigureAwait(false))
                {
                    return _next;
                }

                // Another writer appended (or this process restarted): append after it.
                _next = conflict.ActualOffset;
                uncertain = false;
            }
            catch (Exception e) when (e is not LogMarkerExistsException && attempt < _options.MaxAppendAttempts)
            {
                // The batch may or may not have landed; the retry at the same offset finds out.
                uncertain = true;
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt)).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> IsStoredAtAsync(long offset, List<ReadOnlyMemory<byte>> payloads)
    {
        var stored = await _store.ReadAsync(_partitionName, offset, payloads.Count).ConfigureAwait(false);
        if (stored.Count != payloads.Count || stored[0].Offset != offset)
        {
            return false;
        }

        for (var i = 0; i < payloads.Count; i++)
        {
            if (!stored[i].Payload.Span.SequenceEqual(payloads[i].Span))
            {
                return false;
            }
        }

        return true;
    }
}
