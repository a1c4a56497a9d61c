namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// The non-empty lines of an NDJSON body, each without its <c>\r</c> and surrounding spaces. Both parsers walk the body
/// with it, so they cut the same lines and give each event the same index.
/// </summary>
internal ref struct NdjsonLines(ReadOnlySpan<byte> body)
{
    private ReadOnlySpan<byte> _rest = body;

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly NdjsonLines GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var newline = _rest.IndexOf((byte)'\n');
            var line = newline < 0 ? _rest : _rest[..newline];
            _rest = newline < 0 ? default : _rest[(newline + 1)..];
            line = line.TrimEnd((byte)'\r').Trim((byte)' ');
            if (!line.IsEmpty)
            {
                Current = line;
                return true;
            }
        }

        return false;
    }
}
