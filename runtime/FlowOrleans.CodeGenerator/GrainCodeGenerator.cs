using Microsoft.CodeAnalysis;

namespace FlowOrleans.CodeGenerator;

/// <summary>Generates grain references and invokers at compile time.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
