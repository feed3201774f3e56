using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StructuredChat.Generator.Tests.Infrastructure;

namespace StructuredChat.Generator.Tests.Generation;

/// <summary>
/// Compiles many generated types in one compilation with the generator, then checks each type against the contract:
/// no generator exception, no diagnostic in a generated file, a refused type gets its SCHAT error in its own file,
/// an accepted type's properties are reachable on the basis (and partial) views, and a document written by
/// System.Text.Json reads back through <c>PartialJsonReader&lt;T&gt;</c> in random chunks to what System.Text.Json reads.
/// </summary>
internal sealed partial class GenerationBatch(IReadOnlyList<GeneratedType> types, int seed)
{
    private const int DocumentsPerType = 3;

    private const string HarnessSource = """
        namespace GenerationHarness;

        public static class Harness
        {
            public static object? ReadUtf8<T>(byte[] utf8, int[] cuts)
                where T : global::StructuredChat.IParallelResponse<T>
            {
                var reader = global::StructuredChat.Streaming.PartialJsonReader<T>.Create();
                var start = 0;
                foreach (var cut in cuts)
                {
                    reader.Append(new global::System.ReadOnlySpan<byte>(utf8, start, cut - start));
                    start = cut;
                }

                reader.Append(new global::System.ReadOnlySpan<byte>(utf8, start, utf8.Length - start));
                return reader.Complete();
            }

            public static object? ReadText<T>(string text, int[] cuts)
                where T : global::StructuredChat.IParallelResponse<T>
            {
                var reader = global::StructuredChat.Streaming.PartialJsonReader<T>.Create();
                var start = 0;
                foreach (var cut in cuts)
                {
                    reader.Append(global::System.MemoryExtensions.AsSpan(text, start, cut - start));
                    start = cut;
                }

                reader.Append(global::System.MemoryExtensions.AsSpan(text, start));
                return reader.Complete();
            }
        }
        """;

    private readonly Dictionary<int, List<string>> _failures = [];

    /// <summary>What went wrong, by type index.</summary>
    public IReadOnlyDictionary<int, List<string>> Failures => _failures;

    public List<string> Timings { get; } = [];

    public void Run()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sources = types.Select(t => t.Source).Append(HarnessSource).ToArray();
        var run = TestCompiler.Run(sources);
        var userTrees = run.Output.SyntaxTrees.Take(types.Count).ToList();
        var generatedTrees = run.Result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();

        if (run.Result.Exception is { } exception)
        {
            FailAll("the generator threw: " + exception);
            return;
        }

        Timings.Add("generate " + clock.ElapsedMilliseconds);
        CheckCompilation(run, userTrees, generatedTrees);
        Timings.Add("compile " + clock.ElapsedMilliseconds);
        CheckGeneratorDiagnostics(run, userTrees);
        CheckReachability(run.Output, generatedTrees);
        Timings.Add("reach " + clock.ElapsedMilliseconds);
        if (run.Output.GetDiagnostics().All(d => d.Severity != DiagnosticSeverity.Error))
        {
            RoundTrip(run.Output, Enumerable.Range(0, types.Count).ToList());
            Timings.Add("roundtrip " + clock.ElapsedMilliseconds);
            return;
        }

        // An error in one type's code stops the whole assembly from emitting: the others are compiled again without it.
        var healthy = Enumerable.Range(0, types.Count).Where(i => !_failures.ContainsKey(i) && types[i].Refusal == Refusal.None).ToList();
        var rerun = TestCompiler.Run(healthy.Select(i => types[i].Source).Append(HarnessSource).ToArray());
        RoundTrip(rerun.Output, healthy);
    }

    private void CheckCompilation(GeneratorRun run, List<SyntaxTree> userTrees, HashSet<SyntaxTree> generatedTrees)
    {
        foreach (var diagnostic in run.Output.GetDiagnostics())
        {
            var tree = diagnostic.Location.SourceTree;
            if (tree is not null && generatedTrees.Contains(tree))
            {
                if (diagnostic.Severity >= DiagnosticSeverity.Warning)
                {
                    Fail(IndexOfGenerated(run, tree), "diagnostic in generated file " + Path.GetFileName(tree.FilePath) + ": " + diagnostic + "\n    at: " + LineOf(diagnostic));
                }
            }
            else if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                var index = tree is null ? -1 : userTrees.IndexOf(tree);
                Fail(index, "compiler error in the test's own source (a defect of the test's type factory): " + diagnostic);
            }
        }
    }

    private void CheckGeneratorDiagnostics(GeneratorRun run, List<SyntaxTree> userTrees)
    {
        var byType = new Dictionary<int, List<Diagnostic>>();
        foreach (var diagnostic in run.Diagnostics)
        {
            var index = diagnostic.Location.SourceTree is { } tree ? userTrees.IndexOf(tree) : -1;
            if (index < 0)
            {
                Fail(-1, "a generator diagnostic outside the user's code: " + diagnostic);
                continue;
            }

            if (!byType.TryGetValue(index, out var list))
            {
                byType[index] = list = [];
            }

            list.Add(diagnostic);
        }

        for (var i = 0; i < types.Count; i++)
        {
            var errors = byType.GetValueOrDefault(i)?.Where(d => d.Severity == DiagnosticSeverity.Error).ToList() ?? [];
            var expected = types[i].ExpectedDiagnostic;
            if (expected is null && errors.Count > 0)
            {
                Fail(i, "refused although it should be accepted: " + string.Join("; ", errors));
            }
            else if (expected is not null && !errors.Any(e => e.Id == expected))
            {
                Fail(i, $"expected {expected} ({types[i].Refusal}) but got: " + (errors.Count == 0 ? "no error" : string.Join("; ", errors)));
            }
            else if (expected is not null && run.Result.GeneratedSources.Any(s => IndexOfHint(s.HintName) == i))
            {
                Fail(i, "refused, yet code was generated for it");
            }
        }
    }

    /// <summary>Every property of every accepted type's objects must be reachable as <c>basis.Name</c> (and <c>partial.Name</c>).</summary>
    private void CheckReachability(Compilation output, HashSet<SyntaxTree> generatedTrees)
    {
        var probes = new List<(SyntaxTree Tree, int Index)>();
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].Refusal == Refusal.None && !_failures.ContainsKey(i))
            {
                probes.Add((CSharpSyntaxTree.ParseText(ProbeSource(types[i]), TestCompiler.ParseOptions, path: "Probe" + i + ".cs"), i));
            }
        }

        var compilation = output.AddSyntaxTrees(probes.Select(p => p.Tree));
        foreach (var (tree, index) in probes)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var access in tree.GetRoot().DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                var receiver = ((IdentifierNameSyntax)access.Expression).Identifier.ValueText;
                var name = access.Name.Identifier.ValueText;
                var isPartial = receiver.StartsWith("partial", StringComparison.Ordinal);
                if (isPartial && !Shapes.PartialViewReachesEveryName)
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(access).Symbol;
                var generated = symbol is IPropertySymbol && symbol.DeclaringSyntaxReferences.Any(r => generatedTrees.Contains(r.SyntaxTree));
                if (RuntimeNames.ObjectMembers.Contains(name))
                {
                    // object's own methods win over any extension property; docs/diagnostics.md says how these are read.
                    continue;
                }

                if (!generated)
                {
                    Fail(index, $"'{access}' does not reach the generated property (it binds to {symbol?.ToDisplayString() ?? "nothing"})");
                }
            }
        }
    }

    private static string ProbeSource(GeneratedType type)
    {
        var text = new StringBuilder();
        var ns = type.Placement == Placement.GlobalNamespace ? null : "Gen.N" + type.Index;
        if (ns is not null)
        {
            text.AppendLine("namespace " + ns + ";");
        }

        // A private nested type is visible only inside its host, so the probe is another part of the host.
        text.AppendLine(type.Placement == Placement.NestedPrivate ? "public partial class Host" + type.Index : "internal static class Probe" + type.Index);
        text.AppendLine("{");
        var n = 0;
        // A type nested in a private type gets no typed views: an extension must be declared at namespace level.
        foreach (var obj in Reachable(type.Root).Where(o => type.Placement != Placement.NestedPrivate || !o.FullName.Contains(".Host" + type.Index + ".", StringComparison.Ordinal)))
        {
            text.Append("    static void P").Append(n).Append("(global::StructuredChat.Streaming.Partial<").Append(obj.FullName).Append("> partial").Append(n)
                .Append(", global::StructuredChat.BasisNode<").Append(obj.FullName).Append("> basis").Append(n).AppendLine(")");
            text.AppendLine("    {");
            foreach (var member in obj.AllMembers.Where(m => m.InAnswer))
            {
                text.Append("        _ = partial").Append(n).Append('.').Append(member.Identifier).AppendLine(";");
                text.Append("        _ = basis").Append(n).Append('.').Append(member.Identifier).AppendLine(";");
            }

            text.AppendLine("    }");
            n++;
        }

        // The answer's root is reached through Basis<T>, which has static members of its own.
        if (type.Placement != Placement.NestedPrivate)
        {
            text.Append("    static void Root(global::StructuredChat.Basis<").Append(type.Root.FullName).AppendLine("> basisRoot)");
            text.AppendLine("    {");
            foreach (var member in type.Root.AllMembers.Where(m => m.InAnswer))
            {
                text.Append("        _ = basisRoot.").Append(member.Identifier).AppendLine(";");
            }

            text.AppendLine("    }");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>The object types the answer contains (a type declared for a property that was then dropped is not one).</summary>
    private static IEnumerable<ObjectDeclaration> Reachable(ObjectDeclaration root)
    {
        var seen = new List<ObjectDeclaration>();
        Visit(root);
        return seen;

        void Visit(ObjectDeclaration declaration)
        {
            if (seen.Contains(declaration))
            {
                return;
            }

            seen.Add(declaration);
            foreach (var member in declaration.AllMembers.Where(m => m.InAnswer))
            {
                for (var value = member.Value; value is not null; value = (value as ListValue)?.Element)
                {
                    if (value is ObjectValue obj)
                    {
                        Visit(obj.Declaration);
                    }
                }
            }
        }
    }

    /// <param name="output">The compilation with generated code.</param>
    /// <param name="positions">The batch positions of the types it holds, in order.</param>
    private void RoundTrip(Compilation output, List<int> positions)
    {
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        if (!emitted.Success)
        {
            foreach (var i in positions)
            {
                Fail(i, "emit failed: " + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
            }

            return;
        }

        var context = new AssemblyLoadContext("generation-" + seed, isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var harness = assembly.GetType("GenerationHarness.Harness")!;
            var readUtf8 = harness.GetMethod("ReadUtf8")!;
            var readText = harness.GetMethod("ReadText")!;
            var options = new Dictionary<string, JsonSerializerOptions>
            {
                ["SnakeCaseLower"] = Options(JsonNamingPolicy.SnakeCaseLower),
                ["CamelCase"] = Options(JsonNamingPolicy.CamelCase),
                ["AsWritten"] = Options(null),
            };

            foreach (var i in positions)
            {
                var type = types[i];
                if (type.Refusal != Refusal.None || _failures.ContainsKey(i))
                {
                    continue;
                }

                var clrType = assembly.GetType(type.MetadataName, throwOnError: true)!;
                var random = new Random(unchecked((seed * 31) + type.Index) ^ 0x5DEECE6);
                for (var d = 0; d < DocumentsPerType && !_failures.ContainsKey(i); d++)
                {
                    RoundTripOne(i, type, clrType, options[type.NamingPolicy], random, readUtf8.MakeGenericMethod(clrType), readText.MakeGenericMethod(clrType));
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private void RoundTripOne(int position, GeneratedType type, Type clrType, JsonSerializerOptions options, Random random, MethodInfo readUtf8, MethodInfo readText)
    {
        var document = new DocumentFactory(random, options.PropertyNamingPolicy).Write(type.Root);
        object? expected;
        try
        {
            expected = JsonSerializer.Deserialize(document, clrType, options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            Fail(position, "System.Text.Json cannot read the test's document (a defect of the test's document factory): " + e.Message + "\n    document: " + Encoding.UTF8.GetString(document));
            return;
        }

        var written = JsonSerializer.SerializeToUtf8Bytes(expected, clrType, options);
        var asText = random.Next(3) == 0;
        var text = Encoding.UTF8.GetString(written);
        var cuts = Cuts(random, asText ? text.Length : written.Length);
        object? actual;
        try
        {
            actual = (asText ? readText : readUtf8).Invoke(null, asText ? [text, cuts] : [written, cuts]);
        }
        catch (TargetInvocationException e)
        {
            Fail(position, $"PartialJsonReader failed on what System.Text.Json wrote ({Describe(cuts, asText)}): {e.InnerException}\n    json: {text}");
            return;
        }

        var reread = JsonSerializer.Serialize(actual, clrType, options);
        if (reread != text)
        {
            Fail(position, $"PartialJsonReader's value differs from System.Text.Json's ({Describe(cuts, asText)})\n    json:     {text}\n    via reader: {reread}");
            return;
        }

        // Values that are not part of the answer: what the constructor default or the initializer gives, as System.Text.Json does.
        foreach (var member in type.Root.AllMembers.Where(m => !m.InAnswer))
        {
            var property = clrType.GetProperties().First(p => p.Name == member.Name && p.GetIndexParameters().Length == 0);
            var want = property.GetValue(expected);
            var got = property.GetValue(actual);
            if (!Equals(want, got))
            {
                Fail(position, $"'{member.Name}' ({member.Style}) is {got ?? "null"} after PartialJsonReader, {want ?? "null"} after System.Text.Json");
            }
        }
    }

    private static JsonSerializerOptions Options(JsonNamingPolicy? policy) => new()
    {
        PropertyNamingPolicy = policy,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Where to cut the input: whole, byte by byte, or at random places.</summary>
    private static int[] Cuts(Random random, int length) => random.Next(4) switch
    {
        0 => [],
        1 => Enumerable.Range(1, Math.Max(0, length - 1)).ToArray(),
        _ => Enumerable.Range(1, Math.Max(0, length - 1)).Where(_ => random.Next(6) == 0).ToArray(),
    };

    private static string Describe(int[] cuts, bool asText) =>
        (asText ? "UTF-16" : "UTF-8") + (cuts.Length == 0 ? ", one chunk" : ", cut at " + string.Join(",", cuts.Take(40)) + (cuts.Length > 40 ? "..." : string.Empty));

    private int IndexOfGenerated(GeneratorRun run, SyntaxTree tree) =>
        IndexOfHint(run.Result.GeneratedSources.First(s => s.SyntaxTree == tree).HintName);

    private int IndexOfHint(string hintName)
    {
        var match = HintPattern().Match(hintName);
        if (!match.Success)
        {
            return -1;
        }

        var number = int.Parse(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var position = types.ToList().FindIndex(t => t.Index == number);
        return position;
    }

    [GeneratedRegex(@"^Gen\.N(\d+)\.|^Global(\d+)")]
    private static partial Regex HintPattern();

    private static string LineOf(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree!;
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        return tree.GetText().Lines[line].ToString().Trim();
    }

    private void FailAll(string message)
    {
        for (var i = 0; i < types.Count; i++)
        {
            Fail(i, message);
        }
    }

    private void Fail(int index, string message)
    {
        if (!_failures.TryGetValue(index, out var list))
        {
            _failures[index] = list = [];
        }

        list.Add(message);
    }
}
