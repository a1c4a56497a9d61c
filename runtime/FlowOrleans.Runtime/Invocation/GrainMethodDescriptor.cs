namespace FlowOrleans.Runtime;

/// <summary>
/// Describes one grain interface method (generated at compile time): the names a message carries, the
/// scheduling hints, and a factory for an empty request that a network layer fills from a message body.
/// </summary>
/// <param name="InterfaceName">The full name of the grain interface.</param>
/// <param name="MethodName">The method's name, used in metrics.</param>
/// <param name="MethodId">A stable id, unique within the interface: the name plus parameter types, e.g. <c>Add(int)</c>.</param>
/// <param name="IsReadOnly">Whether the method carries <see cref="ReadOnlyAttribute"/>.</param>
/// <param name="IsAlwaysInterleave">Whether the method carries <see cref="AlwaysInterleaveAttribute"/>.</param>
/// <param name="CreateRequest">Creates an empty request for this method.</param>
public sealed record GrainMethodDescriptor(
    string InterfaceName,
    string MethodName,
    string MethodId,
    bool IsReadOnly,
    bool IsAlwaysInterleave,
    Func<GrainRequest> CreateRequest)
{
    /// <inheritdoc />
    public bool Equals(GrainMethodDescriptor? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
