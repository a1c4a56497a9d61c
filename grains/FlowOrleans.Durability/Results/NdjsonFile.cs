using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// An append-only NDJSON file of one record type. Opening reads every line; a torn last line (no newline) is cut off,
/// an unreadable complete line is skipped. <see cref="Rewrite"/> replaces the file atomically (temp, fsync, rename).
/// </summary>
public sealed class NdjsonFile<T> : IDisposable
{
    private readonly string _path;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly PooledBufferWriter _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private FileStream _stream;

    private NdjsonFile(string path, JsonTypeInfo<T> typeInfo, int lineCount)
    {
        _path = path;
        _typeInfo = typeInfo;
        _json = new Utf8JsonWriter(_buffer);
        LineCount = lineCount;
        _stream = OpenForAppend(path);
    }

    /// <summary>Lines in the file (records appended since the last rewrite, plus those it was written with).</summary>
    public int LineCount { get; private set; }

    public static NdjsonFile<T> Open(string path, JsonTypeInfo<T> typeInfo, Action<T> onRecord)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = 0;
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            var span = bytes.AsSpan();
            var position = 0;
            while (position < span.Length)
            {
                var newline = span[position..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    using var torn = new FileStream(path, FileMode.Open, FileAccess.Write);
                    torn.SetLength(position);
                    torn.Flush(flushToDisk: true);
                    break;
                }

                var line = span.Slice(position, newline);
                position += newline + 1;
                if (TryParse(line, typeInfo, out var record))
                {
                    onRecord(record);
                    lines++;
                }
            }
        }

        var file = new NdjsonFile<T>(path, typeInfo, lines);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return file;
    }

    public void Append(T record)
    {
        _buffer.Reset();
        _json.Reset();
        JsonSerializer.Serialize(_json, record, _typeInfo);
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _stream.Write(_buffer.WrittenSpan);
        LineCount++;
    }

    public void Flush() => _stream.Flush(flushToDisk: true);

    /// <summary>Writes the buffered lines to the operating system (no fsync).</summary>
    public void WriteThrough() => _stream.Flush(flushToDisk: false);

    public void Rewrite(IEnumerable<T> records)
    {
        var temp = _path + ".tmp";
        var count = 0;
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            foreach (var record in records)
            {
                JsonSerializer.Serialize(output, record, _typeInfo);
                output.WriteByte((byte)'\n');
                count++;
            }

            output.Flush(flushToDisk: true);
        }

        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(temp, _path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        _stream = OpenForAppend(_path);
        LineCount = count;
    }

    public void Dispose()
    {
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        _json.Dispose();
        _buffer.Dispose();
    }

    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);

    private static bool TryParse(ReadOnlySpan<byte> line, JsonTypeInfo<T> typeInfo, out T record)
    {
        record = default!;
        if (line.IsEmpty)
        {
            return false;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(line, typeInfo);
            if (parsed is null)
            {
                return false;
            }

            record = parsed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
