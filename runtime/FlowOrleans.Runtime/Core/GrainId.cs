namespace FlowOrleans.Runtime;

/// <summary>
/// The identity of a grain: its type name and its key. A grain id is location-independent; the
/// runtime maps it to an activation on some silo.
/// </summary>
/// <param name="Type">The grain type name (see <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Key">The primary key, as a string (integer keys are their invariant decimal form).</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
