namespace FlowOrleans.Runtime.FileStoreWriter;

/// <summary>A state of about 2 MB whose every item repeats its version, so a torn or mixed file is detectable.</summary>
public sealed class BigState
{
    public int Version { get; set; }

    public List<string> Items { get; set; } = [];

    public static BigState Create(int version)
        => new() { Version = version, Items = Enumerable.Range(0, 20_000).Select(i => $"v{version}-item{i}-" + new string('x', 80)).ToList() };

    /// <summary>True when every item belongs to <see cref="Version"/> and none is missing.</summary>
    public bool IsConsistent()
        => Items.Count == 20_000 && Items.Select((item, i) => item == $"v{Version}-item{i}-" + new string('x', 80)).All(ok => ok);
}
