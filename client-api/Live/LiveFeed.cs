using System.Threading.Channels;

namespace FlowOrleans.ClientApi.Live;

/// <summary>
/// Fans live messages (window results, retractions, late events, watermark changes) out to WebSocket subscribers.
/// A message is serialized once and shared. Each subscriber has a bounded queue that drops its oldest
/// messages when the client is slow, so a stalled browser never holds back the pipeline.
/// </summary>
public sealed class LiveFeed
{
    private const int SubscriberCapacity = 4096;
    private readonly Lock _gate = new();
    private Channel<ReadOnlyMemory<byte>>[] _subscribers = [];

    /// <summary>How many clients are connected.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Sends one UTF-8 JSON message to every subscriber.</summary>
    public void Publish(ReadOnlyMemory<byte> message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(message);
        }
    }

    /// <summary>Registers a subscriber; dispose the result to leave.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return new Subscription(this, channel);
    }

    private void Remove(Channel<ReadOnlyMemory<byte>> channel)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, c => c != channel);
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One subscriber's queue of messages.</summary>
    public sealed class Subscription(LiveFeed feed, Channel<ReadOnlyMemory<byte>> channel) : IDisposable
    {
        /// <summary>The messages for this subscriber, in publish order.</summary>
        public ChannelReader<ReadOnlyMemory<byte>> Messages => channel.Reader;

        /// <inheritdoc />
        public void Dispose() => feed.Remove(channel);
    }
}
