using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlowOrleans.Runtime;

/// <summary>
/// Grain storage in one readable, indented JSON file per grain and state:
/// <c>{directory}/{grain type}/{key}.{state}.json</c> holding <c>{"etag": "n", "state": {...}}</c>. A write goes to
/// a temporary file, is flushed to disk (fsync), renamed over the old file and the directory is fsynced, so a
/// crash at any point leaves the old or the new complete file. The ETag is a version counter kept in the file.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    private readonly GrainStorageSerializer _serializer;
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileLocks = new(StringComparer.Ordinal);

    /// <summary>Creates a file store under <paramref name="directory"/> (created if missing).</summary>
    public FileGrainStorage(string directory, GrainStorageSerializer serializer)
    {
        _directory = Path.GetFullPath(directory);
        _serializer = serializer;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>The path of the file that holds <paramref name="stateName"/> of <paramref name="grainId"/>.</summary>
    public string GetPath(string stateName, GrainId grainId)
        => Path.Combine(_directory, FileNameEncoding.Encode(grainId.Type), FileNameEncoding.Encode(grainId.Key) + "." + FileNameEncoding.Encode(stateName) + ".json");

    /// <inheritdoc />
    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new()
    {
        var path = GetPath(stateName, grainId);
        var fileLock = LockFor(path);
        await fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                grainState.State = new TState();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            using (stored)
            {
                grainState.State = _serializer.Deserialize<TState>(stored.RootElement.GetProperty("state")) ?? new TState();
                grainState.ETag = stored.RootElement.GetProperty("etag").GetString();
                grainState.RecordExists = true;
            }
        }
        finally
        {
            fileLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new()
    {
        var path = GetPath(stateName, grainId);
        var fileLock = LockFor(path);
        await fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var storedEtag = await ReadEtagAsync(path, cancellationToken).ConfigureAwait(false);
            CheckEtag(storedEtag, grainState.ETag, stateName, grainId);
            var next = (storedEtag is null ? 0 : long.Parse(storedEtag, CultureInfo.InvariantCulture)) + 1;
            var etag = next.ToString(CultureInfo.InvariantCulture);
            var content = BuildFile(etag, _serializer.Serialize(grainState.State));
            await AtomicFile.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        finally
        {
            fileLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new()
    {
        var path = GetPath(stateName, grainId);
        var fileLock = LockFor(path);
        await fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var storedEtag = await ReadEtagAsync(path, cancellationToken).ConfigureAwait(false);
            CheckEtag(storedEtag, grainState.ETag, stateName, grainId);
            if (storedEtag is not null)
            {
                // A state never written has no file, and maybe no directory: there is nothing to delete.
                File.Delete(path);
                AtomicFile.SyncDirectory(Path.GetDirectoryName(path)!);
            }

            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            fileLock.Release();
        }
    }

    private static byte[] BuildFile(string etag, byte[] stateJson)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("etag", etag);
            writer.WritePropertyName("state");
            using var state = JsonDocument.Parse(stateJson);
            state.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

    private static async Task<JsonDocument?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(bytes);
    }

    private static async Task<string?> ReadEtagAsync(string path, CancellationToken cancellationToken)
    {
        using var stored = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        return stored?.RootElement.GetProperty("etag").GetString();
    }

    private static void CheckEtag(string? stored, string? held, string stateName, GrainId grainId)
    {
        if (stored != held)
        {
            throw new InconsistentStateException($"ETag mismatch writing state '{stateName}' of {grainId}: stored {stored ?? "none"}, grain holds {held ?? "none"}.", stored, held);
        }
    }

    private SemaphoreSlim LockFor(string path) => _fileLocks.GetOrAdd(path, static _ => new SemaphoreSlim(1, 1));

    /// <summary>Escapes names so that any key is a safe file name (letters, digits, '-', '_' kept; others as %XX).</summary>
    private static class FileNameEncoding
    {
        public static string Encode(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var b in Encoding.UTF8.GetBytes(name))
            {
                var c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }
    }
}
