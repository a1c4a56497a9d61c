using System.Globalization;
using System.Text;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// Pre-built ingest bodies whose timestamps are rewritten in place before each request, so the stream keeps up with
/// the clock (events lag it by up to 3 s, 2% of them by 20-40 s and so are late) instead of turning late as a run goes
/// on. Each load loop owns its bodies; rewriting is a few bytes per event, far below the cost of the request.
/// </summary>
internal sealed class EventBodies
{
    private const int TsDigits = 13;
    private readonly byte[][] _bodies;
    private readonly int[][] _tsAt;
    private readonly int[][] _lag;
    private int _next;

    public EventBodies(int batch, int count, bool ndjson, int seed, bool late = true)
    {
        var random = new Random(seed);
        _bodies = new byte[count][];
        _tsAt = new int[count][];
        _lag = new int[count][];
        var placeholder = new string('0', TsDigits);
        for (var b = 0; b < count; b++)
        {
            var text = new StringBuilder(ndjson ? "" : "[");
            var offsets = new int[batch];
            var lags = new int[batch];
            for (var i = 0; i < batch; i++)
            {
                text.Append(i == 0 ? "" : ndjson ? "\n" : ",");
                text.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"s{seed}-b{b}-{i}\",\"ts\":");
                offsets[i] = Encoding.UTF8.GetByteCount(text.ToString());
                lags[i] = random.Next(50) == 0 && late ? 20_000 + random.Next(20_000) : random.Next(3_000);
                text.Append(CultureInfo.InvariantCulture, $"{placeholder},\"value\":{random.Next(1000)},\"key\":\"key-{random.Next(100)}\",\"type\":\"important\"}}");
            }

            _bodies[b] = Encoding.UTF8.GetBytes(text.Append(ndjson ? "\n" : "]").ToString());
            _tsAt[b] = offsets;
            _lag[b] = lags;
        }
    }

    /// <summary>The next body, its timestamps set from <paramref name="nowMs"/>.</summary>
    public byte[] Next(long nowMs)
    {
        var b = _next++ % _bodies.Length;
        var body = _bodies[b];
        var offsets = _tsAt[b];
        var lags = _lag[b];
        for (var i = 0; i < offsets.Length; i++)
        {
            var ts = nowMs - lags[i];
            for (var d = TsDigits - 1; d >= 0; d--)
            {
                body[offsets[i] + d] = (byte)('0' + (ts % 10));
                ts /= 10;
            }
        }

        return body;
    }
}
