using Microsoft.CodeAnalysis;
using StructuredChat.Generator.Emitting;
using StructuredChat.Generator.Parsing;

namespace StructuredChat.Generator;

/// <summary>
/// Generates, for every <c>[ParallelResponse]</c> type, its compile-time JSON schema and the metadata behind the
/// typed <c>AskAsync&lt;T&gt;</c>/<c>StreamAsync&lt;T&gt;</c> calls.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ParallelResponseGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.ParallelResponseAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (var diagnostic in items)
            {
                spc.ReportDiagnostic(diagnostic);
            }
        });

        var specs = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Spec);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(spec.HintPrefix + ".Schema.g.cs", SchemaEmitter.Emit(spec)));
    }
}
