using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StructuredChat.Generator;

namespace StructuredChat.Generator.Tests.Infrastructure;

/// <summary>
/// Builds test compilations from the test host's trusted platform assemblies plus the Runtime assembly
/// (no reference-pack download) and runs the generator over them.
/// </summary>
internal static class TestCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll")
            .Append(typeof(ParallelResponseAttribute).Assembly.Location)
            .Distinct();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview, DocumentationMode.Diagnose);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "TestAssembly",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        new[] { new ParallelResponseGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and returns its result together with the compilation including generated code.</summary>
    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver.GetRunResult().Results.Single(), output, generatorDiagnostics);
    }
}

internal sealed record GeneratorRun(GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>Diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Compiler errors and warnings of the user code plus generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToImmutableArray();

    /// <summary>Compiler errors anywhere plus warnings located in generated files (test sources may lack doc comments).</summary>
    public ImmutableArray<Diagnostic> ProblemsInGeneratedCode
    {
        get
        {
            var generatedTrees = Result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
            return CompilationDiagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
                .ToImmutableArray();
        }
    }

    public string Source(string hintSuffix) => Result.GeneratedSources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>
    /// The value of the generated <c>JsonSchema</c> constant of <paramref name="typeName"/> (metadata name, e.g.
    /// <c>Demo.Outer+Inner</c>), read by the compiler from the output compilation rather than by parsing text.
    /// </summary>
    public string Schema(string typeName) => (string)ConstantOf(typeName, "JsonSchema");

    /// <summary>The value of the generated <c>JsonSchemaName</c> constant of <paramref name="typeName"/>.</summary>
    public string SchemaName(string typeName) => (string)ConstantOf(typeName, "JsonSchemaName");

    /// <summary>Every generated <c>JsonSchema</c> constant in the output compilation, by the type's metadata name.</summary>
    public IReadOnlyDictionary<string, string> AllSchemas()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tree in Result.GeneratedSources.Select(s => s.SyntaxTree))
        {
            var model = Output.GetSemanticModel(tree);
            foreach (var declarator in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax>())
            {
                if (model.GetDeclaredSymbol(declarator) is IFieldSymbol { Name: "JsonSchema", HasConstantValue: true } field)
                {
                    result[MetadataName(field.ContainingType)] = (string)field.ConstantValue!;
                }
            }
        }

        return result;
    }

    private object ConstantOf(string typeName, string fieldName)
    {
        var type = Output.GetTypeByMetadataName(typeName) ?? throw new InvalidOperationException($"Type '{typeName}' not found.");
        var field = type.GetMembers(fieldName).OfType<IFieldSymbol>().SingleOrDefault()
            ?? throw new InvalidOperationException($"'{typeName}' has no generated '{fieldName}'.");
        return field.ConstantValue!;
    }

    private static string MetadataName(INamedTypeSymbol type) => type.ContainingType is { } outer
        ? MetadataName(outer) + "+" + type.MetadataName
        : type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
}
