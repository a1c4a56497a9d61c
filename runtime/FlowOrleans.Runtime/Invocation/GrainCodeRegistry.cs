using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace FlowOrleans.Runtime;

/// <summary>
/// The process-wide registry of generated grain code, filled by each assembly's generated module
/// initializer. The silo looks grain classes and interfaces up here; nothing is scanned per call.
/// </summary>
public static class GrainCodeRegistry
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> InterfacesByType = new();
    private static readonly ConcurrentDictionary<string, GrainInterfaceDescriptor> InterfacesByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, GrainClassDescriptor> ClassesByGrainType = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, GrainClassDescriptor> ClassesByInterface = new();

    /// <summary>Registers a grain interface (generated code).</summary>
    public static void RegisterInterface(GrainInterfaceDescriptor descriptor)
    {
        InterfacesByType[descriptor.InterfaceType] = descriptor;
        InterfacesByName[descriptor.InterfaceName] = descriptor;
    }

    /// <summary>Registers a grain class (generated code).</summary>
    public static void RegisterGrainClass(GrainClassDescriptor descriptor)
    {
        ClassesByGrainType[descriptor.GrainType] = descriptor;
        foreach (var grainInterface in descriptor.Interfaces)
        {
            // Several classes may implement an interface (a derived grain class); the one with the fewest grain interfaces is the closest match.
            ClassesByInterface.AddOrUpdate(grainInterface, descriptor, (_, existing) => existing.GrainClass == descriptor.GrainClass || descriptor.Interfaces.Count < existing.Interfaces.Count ? descriptor : existing);
        }
    }

    /// <summary>Runs the generated registration of <paramref name="assembly"/> (idempotent).</summary>
    public static void EnsureRegistered(Assembly assembly) => RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

    /// <summary>Registers the entry assembly, every loaded assembly and their references that contain generated grain code.</summary>
    public static void DiscoverAssemblies()
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            pending.Push(entry);
        }

        while (pending.TryPop(out var assembly))
        {
            var name = assembly.GetName().Name ?? "";
            if (!visited.Add(name) || IsFrameworkAssembly(name) || assembly.IsDynamic)
            {
                continue;
            }

            if (assembly.IsDefined(typeof(GeneratedGrainCodeAttribute), false))
            {
                EnsureRegistered(assembly);
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } n && !visited.Contains(n) && !IsFrameworkAssembly(n) && TryLoad(reference) is { } loaded)
                {
                    pending.Push(loaded);
                }
            }
        }
    }

    /// <summary>Finds the generated descriptor of a grain interface.</summary>
    public static GrainInterfaceDescriptor GetInterface(Type interfaceType)
    {
        if (InterfacesByType.TryGetValue(interfaceType, out var descriptor))
        {
            return descriptor;
        }

        EnsureRegistered(interfaceType.Assembly);
        return InterfacesByType.TryGetValue(interfaceType, out descriptor)
            ? descriptor
            : throw new InvalidOperationException($"No generated code for grain interface {interfaceType}. Does its project import runtime/CodeGeneration.props?");
    }

    /// <summary>Finds a grain interface by its wire name.</summary>
    public static GrainInterfaceDescriptor? FindInterface(string interfaceName) => InterfacesByName.GetValueOrDefault(interfaceName);

    /// <summary>Finds a grain interface by type, without throwing.</summary>
    public static GrainInterfaceDescriptor? FindInterface(Type interfaceType) => InterfacesByType.GetValueOrDefault(interfaceType);

    /// <summary>Finds the grain class that implements <paramref name="interfaceType"/>.</summary>
    public static GrainClassDescriptor GetClassForInterface(Type interfaceType)
    {
        if (ClassesByInterface.TryGetValue(interfaceType, out var descriptor))
        {
            return descriptor;
        }

        DiscoverAssemblies();
        return ClassesByInterface.TryGetValue(interfaceType, out descriptor)
            ? descriptor
            : throw new InvalidOperationException($"No grain class implements {interfaceType}. Register its assembly with ISiloBuilder.AddGrainAssembly.");
    }

    /// <summary>Finds the grain class of a grain type name.</summary>
    public static GrainClassDescriptor? FindClass(string grainType) => ClassesByGrainType.GetValueOrDefault(grainType);

    /// <summary>All registered grain classes.</summary>
    public static IEnumerable<GrainClassDescriptor> GrainClasses => ClassesByGrainType.Values;

    private static bool IsFrameworkAssembly(string name)
        => name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal)
           || name.StartsWith("xunit", StringComparison.Ordinal) || name is "netstandard" or "mscorlib" or "BenchmarkDotNet";

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
