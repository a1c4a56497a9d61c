using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace FlowOrleans.CodeGenerator;

/// <summary>Emits the registration of one grain class: its grain type, interfaces, reentrancy and a DI factory.</summary>
internal static class GrainClassEmitter
{
    public static EmittedType? TryEmit(INamedTypeSymbol? symbol)
    {
        if (symbol is null || symbol.IsAbstract || symbol.IsGenericType || !DerivesFromGrain(symbol))
        {
            return null;
        }

        var interfaces = symbol.AllInterfaces.Where(GeneratedText.IsGrainInterface).ToList();
        if (interfaces.Count == 0)
        {
            return null;
        }

        var className = symbol.ToDisplayString(GeneratedText.TypeFormat);
        var grainType = symbol.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass is { } c && GeneratedText.IsRuntimeType(c, "GrainTypeAttribute"))?
            .ConstructorArguments.FirstOrDefault().Value as string ?? symbol.Name;
        var reentrant = false;
        for (var type = symbol; type is not null; type = type.BaseType)
        {
            reentrant |= GeneratedText.HasAttribute(type, "ReentrantAttribute");
        }

        var constructor = symbol.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null)
        {
            return null;
        }

        var arguments = string.Join(", ", constructor.Parameters.Select(Argument));
        var interfaceTypes = string.Join(", ", interfaces.Select(i => $"typeof({i.ToDisplayString(GeneratedText.TypeFormat)})"));
        var registration = $"global::FlowOrleans.Runtime.GrainCodeRegistry.RegisterGrainClass(new global::FlowOrleans.Runtime.GrainClassDescriptor({GeneratedText.Literal(grainType)}, typeof({className}), {(reentrant ? "true" : "false")}, new global::System.Type[] {{ {interfaceTypes} }}, static (services, context) => new {className}({arguments})));";
        return new EmittedType("__class_" + GeneratedText.Identifier(symbol.ToDisplayString()), "", registration, "");
    }

    private static string Argument(IParameterSymbol parameter)
    {
        var type = parameter.Type.ToDisplayString(GeneratedText.TypeFormat);
        var state = parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && GeneratedText.IsRuntimeType(c, "PersistentStateAttribute"));
        if (state is not null && parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } stateType)
        {
            var stateName = state.ConstructorArguments[0].Value as string ?? parameter.Name;
            var storage = state.ConstructorArguments.Length > 1 && state.ConstructorArguments[1].Value is string s ? GeneratedText.Literal(s) : "null";
            return $"global::FlowOrleans.Runtime.PersistentStateFactory.Create<{stateType.TypeArguments[0].ToDisplayString(GeneratedText.TypeFormat)}>(context, {GeneratedText.Literal(stateName)}, {storage})";
        }

        if (parameter.Type is INamedTypeSymbol named && GeneratedText.IsRuntimeType(named, "IGrainContext"))
        {
            return "context";
        }

        return $"global::FlowOrleans.Runtime.GrainConstructorServices.Resolve<{type}>(services)";
    }

    private static bool DerivesFromGrain(INamedTypeSymbol symbol)
    {
        for (var type = symbol.BaseType; type is not null; type = type.BaseType)
        {
            if (GeneratedText.IsRuntimeType(type, "Grain"))
            {
                return true;
            }
        }

        return false;
    }
}
