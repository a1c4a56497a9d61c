using System.Buffers;
using System.Text.Json;

namespace FlowOrleans.Runtime.Networking;

/// <summary>A reusable JSON writer over a reusable buffer: one per write loop, so bodies are encoded without allocating.</summary>
internal sealed class JsonScratch
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonScratch() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>Clears the buffer and returns the writer positioned at its start.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>What was written since <see cref="Begin"/> (flushes the writer first).</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            _writer.Flush();
            return _buffer.WrittenSpan;
        }
    }
}
