namespace FlowOrleans.Runtime;

/// <summary>Names the grain type of a grain class (for example <c>"window"</c>). Defaults to the class name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name used in <see cref="GrainId"/>.</summary>
    public string Name { get; } = name;
}
