namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// The version of the whole membership table and the ETag of the row that holds it. Every write to
/// the table bumps the version with a compare-and-swap on <see cref="VersionEtag"/>, so two silos that
/// act on the same snapshot cannot both succeed.
/// </summary>
/// <param name="Version">The version number.</param>
/// <param name="VersionEtag">The ETag of the version row when it was read.</param>
public sealed record TableVersion(int Version, string VersionEtag)
{
    /// <summary>The version a write made from this snapshot should install: one higher, same expected ETag.</summary>
    public TableVersion Next() => this with { Version = Version + 1 };

    /// <inheritdoc />
    public override string ToString() => $"<{Version}, {VersionEtag}>";
}
