using System.Linq;
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
        {
            spc.AddSource(spec.HintPrefix + ".Schema.g.cs", SchemaEmitter.Emit(spec));
            spc.AddSource(spec.HintPrefix + ".Streaming.g.cs", StreamingEmitter.Emit(spec));
        });

        // Typed partial and basis members exist once per object type, however many response types reach it.
        var objectTypes = specs
            .SelectMany(static (spec, _) => spec.NestedObjects.Prepend(spec.Root).Where(static o => o.ExtensionAccessibility is not null))
            .Collect()
            .SelectMany(static (all, _) => all.GroupBy(static o => o.TypeKey).Select(static g => g.First()).OrderBy(static o => o.TypeKey, System.StringComparer.Ordinal))
            .WithTrackingName(TrackingNames.NestedObjects);
        context.RegisterSourceOutput(objectTypes, static (spc, obj) =>
            spc.AddSource(obj.HintName + ".Extensions.g.cs", ExtensionsEmitter.Emit(obj)));
    }
}
