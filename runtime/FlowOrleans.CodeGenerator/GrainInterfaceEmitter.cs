using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace FlowOrleans.CodeGenerator;

/// <summary>Emits the reference class and the request classes of one grain interface.</summary>
internal static class GrainInterfaceEmitter
{
    public static EmittedType? TryEmit(INamedTypeSymbol? symbol)
    {
        if (symbol is null || !GeneratedText.IsGrainInterface(symbol) || symbol.IsGenericType)
        {
            return null;
        }

        var interfaceName = symbol.ToDisplayString(GeneratedText.TypeFormat);
        var metadataName = symbol.ToDisplayString();
        var stem = "__" + GeneratedText.Identifier(metadataName);
        var reference = new StringBuilder();
        var requests = new StringBuilder();
        var descriptors = new List<string>();

        var methods = new[] { symbol }.Concat(symbol.AllInterfaces)
            .SelectMany(i => i.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && !m.IsStatic))
            .ToList();

        var errors = new StringBuilder();
        var index = 0;
        foreach (var method in methods)
        {
            if (!ReturnShape.IsSupported(method.ReturnType) || method.Parameters.Any(p => p.RefKind != RefKind.None) || method.IsGenericMethod)
            {
                errors.AppendLine($"Grain method {metadataName}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>, and take no ref/out/in or generic parameters.");
                continue;
            }

            var requestClass = $"{stem}_{method.Name}_{index++}_Request";
            var shape = ReturnShape.Of(method.ReturnType);
            EmitRequest(requests, requestClass, method, shape, metadataName, SymbolEqualityComparer.Default.Equals(method.ContainingType, symbol));
            EmitReferenceMethod(reference, requestClass, method, shape);
            descriptors.Add($"{requestClass}.Descriptor");
        }

        var source = new StringBuilder()
            .AppendLine(GeneratedText.Header)
            .AppendLine("namespace FlowOrleans.Generated")
            .AppendLine("{")
            .AppendLine($"    internal sealed class {stem}_Reference : global::FlowOrleans.Runtime.GrainReference, {interfaceName}")
            .AppendLine("    {")
            .AppendLine($"        public {stem}_Reference(global::FlowOrleans.Runtime.GrainReferenceRuntime runtime, global::FlowOrleans.Runtime.GrainId grainId, global::FlowOrleans.Runtime.GrainInterfaceDescriptor descriptor) : base(runtime, grainId, descriptor) {{ }}")
            .Append(reference)
            .AppendLine("    }")
            .Append(requests)
            .AppendLine("}")
            .ToString();

        var registration = $"global::FlowOrleans.Runtime.GrainCodeRegistry.RegisterInterface(new global::FlowOrleans.Runtime.GrainInterfaceDescriptor(typeof({interfaceName}), {GeneratedText.Literal(metadataName)}, static (runtime, id, descriptor) => new global::FlowOrleans.Generated.{stem}_Reference(runtime, id, descriptor), new global::FlowOrleans.Runtime.GrainMethodDescriptor[] {{ {string.Join(", ", descriptors.Select(d => "global::FlowOrleans.Generated." + d))} }}));";
        return new EmittedType(stem, source, registration, errors.ToString());
    }

    private static void EmitReferenceMethod(StringBuilder builder, string requestClass, IMethodSymbol method, ReturnShape shape)
    {
        var parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Type.ToDisplayString(GeneratedText.TypeFormat)} {Escape(p.Name)}"));
        builder.AppendLine($"        {method.ReturnType.ToDisplayString(GeneratedText.TypeFormat)} {method.ContainingType.ToDisplayString(GeneratedText.TypeFormat)}.{method.Name}({parameters})")
            .AppendLine("        {")
            .AppendLine($"            var request = new {requestClass}();");
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            builder.AppendLine($"            request.Arg{i} = {Escape(method.Parameters[i].Name)};");
        }

        builder.AppendLine($"            return {shape.ReferenceConversion}(InvokeAsync(request));")
            .AppendLine("        }");
    }

    private static void EmitRequest(StringBuilder builder, string requestClass, IMethodSymbol method, ReturnShape shape, string interfaceName, bool declaredHere)
    {
        var declaring = method.ContainingType.ToDisplayString(GeneratedText.TypeFormat);
        var parameterTypes = method.Parameters.Select(p => p.Type.ToDisplayString(GeneratedText.TypeFormat)).ToList();
        var signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()));
        var methodId = (declaredHere ? "" : method.ContainingType.ToDisplayString() + ".") + method.Name + "(" + signature + ")";
        var readOnly = GeneratedText.HasAttribute(method, "ReadOnlyAttribute") ? "true" : "false";
        var interleave = GeneratedText.HasAttribute(method, "AlwaysInterleaveAttribute") ? "true" : "false";
        var arguments = string.Join(", ", method.Parameters.Select((_, i) => $"Arg{i}"));

        builder.AppendLine($"    internal sealed class {requestClass} : global::FlowOrleans.Runtime.GrainRequest<{shape.ResultType}>")
            .AppendLine("    {")
            .AppendLine($"        public static readonly global::FlowOrleans.Runtime.GrainMethodDescriptor Descriptor = new global::FlowOrleans.Runtime.GrainMethodDescriptor({GeneratedText.Literal(interfaceName)}, {GeneratedText.Literal(method.Name)}, {GeneratedText.Literal(methodId)}, {readOnly}, {interleave}, static () => new {requestClass}());");
        for (var i = 0; i < parameterTypes.Count; i++)
        {
            builder.AppendLine($"        public {parameterTypes[i]} Arg{i} = default!;");
        }

        builder.AppendLine("        public override global::FlowOrleans.Runtime.GrainMethodDescriptor Method => Descriptor;")
            .AppendLine($"        protected override global::System.Threading.Tasks.ValueTask<{shape.ResultType}> InvokeAsync(object grain) => {shape.InvokerConversion}((({declaring})grain).{method.Name}({arguments}));")
            .AppendLine("        public override void WriteArguments(global::System.Text.Json.Utf8JsonWriter writer, global::System.Text.Json.JsonSerializerOptions options)")
            .AppendLine("        {")
            .AppendLine("            writer.WriteStartArray();");
        for (var i = 0; i < parameterTypes.Count; i++)
        {
            builder.AppendLine($"            global::FlowOrleans.Runtime.GrainArgumentSerializer.Write<{parameterTypes[i]}>(writer, Arg{i}, options);");
        }

        builder.AppendLine("            writer.WriteEndArray();")
            .AppendLine("        }")
            .AppendLine("        public override void ReadArguments(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonSerializerOptions options)")
            .AppendLine("        {")
            .AppendLine("            global::FlowOrleans.Runtime.GrainArgumentSerializer.ReadStartArray(ref reader);");
        for (var i = 0; i < parameterTypes.Count; i++)
        {
            builder.AppendLine($"            Arg{i} = global::FlowOrleans.Runtime.GrainArgumentSerializer.Read<{parameterTypes[i]}>(ref reader, options)!;");
        }

        builder.AppendLine("            global::FlowOrleans.Runtime.GrainArgumentSerializer.ReadEndArray(ref reader);")
            .AppendLine("        }")
            .AppendLine("    }");
    }

    private static string Escape(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>How a grain method's return type maps to a request result and back.</summary>
    private sealed record ReturnShape(string ResultType, string InvokerConversion, string ReferenceConversion)
    {
        private const string Request = "global::FlowOrleans.Runtime.GrainRequest";
        private const string Reference = "global::FlowOrleans.Runtime.GrainReference";

        public static bool IsSupported(ITypeSymbol type) => Of(type).InvokerConversion != Unsupported;

        private const string Unsupported = "unsupported";

        public static ReturnShape Of(ITypeSymbol type)
        {
            var named = type as INamedTypeSymbol;
            var name = named?.ConstructedFrom.ToDisplayString() ?? type.ToDisplayString();
            return name switch
            {
                "System.Threading.Tasks.Task" => new("global::FlowOrleans.Runtime.VoidResult", Request + ".FromTask", Reference + ".ToTask"),
                "System.Threading.Tasks.ValueTask" => new("global::FlowOrleans.Runtime.VoidResult", Request + ".FromValueTask", Reference + ".ToValueTask"),
                "System.Threading.Tasks.Task<TResult>" => new(named!.TypeArguments[0].ToDisplayString(GeneratedText.TypeFormat), Request + ".FromTask", Reference + ".ToTask"),
                "System.Threading.Tasks.ValueTask<TResult>" => new(named!.TypeArguments[0].ToDisplayString(GeneratedText.TypeFormat), "", ""),
                _ => new("global::FlowOrleans.Runtime.VoidResult", Unsupported, ""),
            };
        }
    }
}
