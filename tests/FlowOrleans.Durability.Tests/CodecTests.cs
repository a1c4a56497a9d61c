using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Log;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests;

public class CodecTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void Crc32CanBeComputedIncrementally() =>
        Assert.Equal(Crc32.Compute("hello world"u8), Crc32.Append(Crc32.Compute("hello "u8), "world"u8));

    [Fact]
    public void Crc32SlicingMatchesTheBitwiseDefinitionAtEveryLengthAndAlignment()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        for (var start = 0; start < 8; start++)
        {
            for (var length = 0; start + length <= data.Length; length += 13)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(BitwiseCrc32(slice), Crc32.Compute(slice));
            }
        }
    }

    [Fact]
    public void AsciiStringCacheSharesRepeatedValuesAndNeverMixesThemUp()
    {
        var cache = new AsciiStringCache(2); // two slots: most values collide
        var first = cache.GetOrAdd("key-1"u8);
        Assert.Same(first, cache.GetOrAdd("key-1"u8));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"key-{i}", cache.GetOrAdd(System.Text.Encoding.ASCII.GetBytes($"key-{i}")));
        }

        Assert.Equal(string.Empty, cache.GetOrAdd([]));
        Assert.Null(cache.GetOrAdd("clé"u8)); // not ASCII: the caller decodes it
        Assert.Null(cache.GetOrAdd(new byte[AsciiStringCache.MaxLength + 1]));
    }

    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }

    [Fact]
    public void DirectorySyncFlushesAnExistingDirectoryAndReportsAMissingOne()
    {
        DirectorySync.Flush(Path.GetTempPath());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Throws<IOException>(() => DirectorySync.Flush(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"))));
        }
    }

    [Theory]
    [InlineData("a", 1L, 2.5, "k", "t")]
    [InlineData("ünïcødé-id-with-a-long-name-0123456789", -5L, null, null, null)]
    [InlineData("", long.MaxValue, double.MaxValue, "", "critical")]
    public void EventsRoundTrip(string id, long ts, double? value, string? key, string? type)
    {
        var e = new StreamEvent(id, ts, value, key, type);
        using var buffer = new PooledBufferWriter(16);
        LoggedEventCodec.Write(buffer, 42, e);
        LoggedEventCodec.Write(buffer, 43, e);
        var reader = new BinaryFieldReader(buffer.WrittenSpan);
        LoggedEventCodec.Skip(ref reader);
        var read = LoggedEventCodec.Read(ref reader, 3, 7);
        Assert.True(reader.End);
        Assert.Equal(new LoggedEvent(3, 7, 43, e), read);
    }

    [Fact]
    public void ATruncatedEventIsRejected()
    {
        using var buffer = new PooledBufferWriter();
        LoggedEventCodec.Write(buffer, 1, new StreamEvent("id", 1, 1, "key", null));
        var bytes = buffer.WrittenSpan[..^2].ToArray();
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new BinaryFieldReader(bytes);
            LoggedEventCodec.Read(ref reader, 0, 0);
        });
    }
}
