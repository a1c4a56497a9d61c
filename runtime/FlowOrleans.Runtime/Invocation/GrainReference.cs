namespace FlowOrleans.Runtime;

/// <summary>
/// Base of generated grain references. A reference is the grain id plus the interface; two references are
/// equal when both are. References serialize to JSON as <c>{"type","key","interface"}</c> (see
/// <see cref="GrainReferenceJsonConverterFactory"/>), so they can be passed as arguments and kept in state.
/// </summary>
public abstract class GrainReference : IEquatable<GrainReference>
{
    private readonly GrainReferenceRuntime _runtime;

    /// <summary>Creates a reference (generated code).</summary>
    protected GrainReference(GrainReferenceRuntime runtime, GrainId grainId, GrainInterfaceDescriptor descriptor)
    {
        _runtime = runtime;
        GrainId = grainId;
        Interface = descriptor;
    }

    /// <summary>The grain this reference addresses.</summary>
    public GrainId GrainId { get; }

    /// <summary>The grain interface of this reference.</summary>
    public GrainInterfaceDescriptor Interface { get; }

    /// <summary>The activation this reference last reached; a cache that saves the catalog lookup.</summary>
    internal ActivationData? CachedActivation { get; set; }

    /// <summary>Sends <paramref name="request"/> to the grain (generated code).</summary>
    protected ValueTask<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request) => _runtime.InvokeAsync(this, request);

    /// <summary>Adapts a call result to <see cref="Task"/> (generated code).</summary>
    public static Task ToTask(ValueTask<VoidResult> pending) => pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();

    /// <summary>Adapts a call result to <see cref="Task{TResult}"/> (generated code).</summary>
    public static Task<T> ToTask<T>(ValueTask<T> pending) => pending.AsTask();

    /// <summary>Adapts a call result to <see cref="ValueTask"/> (generated code).</summary>
    public static ValueTask ToValueTask(ValueTask<VoidResult> pending)
        => pending.IsCompletedSuccessfully ? default : new ValueTask(pending.AsTask());

    /// <inheritdoc />
    public bool Equals(GrainReference? other)
        => other is not null && GrainId == other.GrainId && Interface.InterfaceType == other.Interface.InterfaceType;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GrainId, Interface.InterfaceType);

    /// <inheritdoc />
    public override string ToString() => $"{Interface.InterfaceName}:{GrainId}";
}

/// <summary>
/// The runtime side of grain references: where calls go. Implemented by the silo's grain runtime (co-hosted
/// client) and by the external cluster client, so generated references work unchanged with both.
/// </summary>
public abstract class GrainReferenceRuntime
{
    private protected GrainReferenceRuntime()
    {
    }

    /// <summary>Creates a reference of interface <paramref name="interfaceType"/> to the grain with key <paramref name="key"/>.</summary>
    public object GetReference(Type interfaceType, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainClass = GrainCodeRegistry.GetClassForInterface(interfaceType);
        return GetReference(GrainCodeRegistry.GetInterface(interfaceType), new GrainId(grainClass.GrainType, key));
    }

    /// <summary>Creates a reference of a known interface to a known grain id (deserialization).</summary>
    public GrainReference GetReference(GrainInterfaceDescriptor grainInterface, GrainId grainId) => grainInterface.CreateReference(this, grainId);

    internal abstract ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request);
}
