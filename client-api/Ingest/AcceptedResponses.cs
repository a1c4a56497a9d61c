using System.Globalization;
using System.Text;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// The body of the usual 202, every event accepted: <c>{"accepted":n,"rejected":0,"errors":[]}</c>, byte for byte
/// what the serializer writes for that <see cref="IngestResponse"/>, kept ready for the batch sizes seen so that a
/// request does not pay for a serializer pass.
/// </summary>
internal static class AcceptedResponses
{
    /// <summary>The content type the JSON result gives the same answer.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    private const int Cached = 1_024;
    private static readonly byte[]?[] Bodies = new byte[]?[Cached + 1];

    /// <summary>The body for <paramref name="count"/> accepted events and none rejected.</summary>
    public static byte[] AllAccepted(int count)
    {
        if (count > Cached)
        {
            return Format(count);
        }

        // A race only formats the same bytes twice.
        return Volatile.Read(ref Bodies[count]) ?? (Bodies[count] = Format(count));
    }

    private static byte[] Format(int count) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"accepted":{{count}},"rejected":0,"errors":[]}"""));
}
