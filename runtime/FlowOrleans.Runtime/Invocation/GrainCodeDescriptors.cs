namespace FlowOrleans.Runtime;

/// <summary>A generated grain interface: its type, its name on the wire, a reference factory and its methods.</summary>
public sealed class GrainInterfaceDescriptor
{
    private readonly Func<GrainReferenceRuntime, GrainId, GrainInterfaceDescriptor, GrainReference> _createReference;
    private readonly Dictionary<string, GrainMethodDescriptor> _methodsById;

    /// <summary>Creates the descriptor (generated code).</summary>
    public GrainInterfaceDescriptor(
        Type interfaceType,
        string interfaceName,
        Func<GrainReferenceRuntime, GrainId, GrainInterfaceDescriptor, GrainReference> createReference,
        IReadOnlyList<GrainMethodDescriptor> methods)
    {
        InterfaceType = interfaceType;
        InterfaceName = interfaceName;
        _createReference = createReference;
        Methods = methods;
        _methodsById = methods.ToDictionary(m => m.MethodId, StringComparer.Ordinal);
    }

    /// <summary>The interface type.</summary>
    public Type InterfaceType { get; }

    /// <summary>The interface's full name, as carried by messages.</summary>
    public string InterfaceName { get; }

    /// <summary>The methods, including inherited ones.</summary>
    public IReadOnlyList<GrainMethodDescriptor> Methods { get; }

    /// <summary>True for interfaces keyed by integers.</summary>
    public bool HasIntegerKey => typeof(IGrainWithIntegerKey).IsAssignableFrom(InterfaceType);

    /// <summary>Finds a method by its <see cref="GrainMethodDescriptor.MethodId"/>.</summary>
    public GrainMethodDescriptor? FindMethod(string methodId) => _methodsById.GetValueOrDefault(methodId);

    internal GrainReference CreateReference(GrainReferenceRuntime runtime, GrainId grainId) => _createReference(runtime, grainId, this);
}

/// <summary>A generated grain class: its grain type name, its interfaces, reentrancy and a DI factory.</summary>
/// <param name="GrainType">The grain type name (from <see cref="GrainTypeAttribute"/> or the class name).</param>
/// <param name="GrainClass">The grain class.</param>
/// <param name="IsReentrant">Whether the class carries <see cref="ReentrantAttribute"/>.</param>
/// <param name="Interfaces">The grain interfaces it implements.</param>
/// <param name="Create">Constructs the grain from the silo's services and the activation's context.</param>
public sealed record GrainClassDescriptor(
    string GrainType,
    Type GrainClass,
    bool IsReentrant,
    IReadOnlyList<Type> Interfaces,
    Func<IServiceProvider, IGrainContext, Grain> Create);

/// <summary>Marks an assembly that contains generated grain code (so the silo runs its module initializer).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class GeneratedGrainCodeAttribute : Attribute;
