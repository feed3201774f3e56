using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StructuredChat.Generator.Helpers;
using StructuredChat.Generator.Tests.Infrastructure;
using Xunit;

namespace StructuredChat.Generator.Tests;

/// <summary>
/// The generator does no work that an edit does not call for (the IDE runs it on every keystroke), and its cached
/// specs hold no compiler objects that would keep old compilations alive.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using StructuredChat;

        namespace Demo;

        public enum Size { Small, [JsonStringEnumMemberName("x-large")] ExtraLarge }

        public record Person(string Name, string? Role);

        public static partial class Outer
        {
            /// <summary>Basic facts.</summary>
            [ParallelResponse]
            public partial record CompanyInfo(string Name, IReadOnlyList<Person> Founders, Size Size)
            {
                public int Answer() => 1;
            }
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_output_cached()
    {
        var compilation = TestCompiler.Compile(Source, "namespace Demo; public class Other { }");
        var driver = TestCompiler.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken);

        var edited = compilation
            .AddSyntaxTrees(Parse("namespace Demo; public class Added { }", "Added.cs"))
            .ReplaceSyntaxTree(compilation.SyntaxTrees[1], Parse("namespace Demo; public class Other { public int X; } public class Another { }", "Source1.cs"));
        var result = driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        var outputs = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_method_body_edit_reparses_to_an_equal_spec_and_emits_nothing()
    {
        var result = RunTwice(Source, Source.Replace("public int Answer() => 1;", "public int Answer() => 42;", StringComparison.Ordinal));

        // The edited file is parsed again, the result compares equal, so nothing after the parse step runs.
        Assert.All(result.TrackedSteps[TrackingNames.Parse].SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Assert.All(SpecOutputs(result), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_method_body_edit_leaves_the_spec_unchanged()
    {
        // With a warning in the type the parse result changes (the diagnostic now points into the new syntax tree),
        // so the spec step runs again, and its output must compare equal.
        var withWarning = Source.Replace("string Name,", "string Name, string Source,", StringComparison.Ordinal);
        var result = RunTwice(withWarning, withWarning.Replace("public int Answer() => 1;", "public int Answer() => 42;", StringComparison.Ordinal));

        Assert.All(result.TrackedSteps[TrackingNames.Parse].SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Modified, output.Reason));
        Assert.All(SpecOutputs(result), output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
    }

    [Fact]
    public void An_added_property_modifies_the_spec()
    {
        var result = RunTwice(Source, Source.Replace("Size Size)", "Size Size, string Website)", StringComparison.Ordinal));

        Assert.All(SpecOutputs(result), output => Assert.Equal(IncrementalStepRunReason.Modified, output.Reason));
        Assert.Contains("website", result.GeneratedSources.Single(s => s.HintName.EndsWith(".Schema.g.cs", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Specs_hold_no_compiler_objects()
    {
        var result = RunTwice(Source, Source);
        var specs = SpecOutputs(result).Select(output => output.Value).ToList();

        Assert.NotEmpty(specs);
        Assert.All(specs, spec => Assert.Empty(CompilerObjectsIn(spec)));
    }

    [Fact]
    public void The_object_graph_walk_finds_compiler_objects()
    {
        // The walk must be able to fail: the parse step's diagnostics do hold locations (on purpose, for #pragma).
        var result = RunTwice(Source, Source.Replace("string Name,", "string Name, string Source,", StringComparison.Ordinal));
        var parsed = result.TrackedSteps[TrackingNames.Parse].SelectMany(step => step.Outputs).Select(output => output.Value).ToList();

        Assert.Contains(parsed, value => CompilerObjectsIn(value).Any(path => path.Contains(nameof(Location), StringComparison.Ordinal)));
    }

    [Fact]
    public void Equatable_array_compares_by_content()
    {
        var first = new EquatableArray<string>(ImmutableArray.Create("a", "b"));
        var second = new EquatableArray<string>(new List<string> { "a", "b" });

        Assert.True(first == second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, new EquatableArray<string>(ImmutableArray.Create("b", "a")));
        Assert.NotEqual(first, new EquatableArray<string>(ImmutableArray.Create("a")));
        Assert.Equal(EquatableArray<string>.Empty, default);
        Assert.Empty(default(EquatableArray<string>));
    }

    /// <summary>Runs the generator over <paramref name="before"/>, then over the same compilation with the file replaced.</summary>
    private static GeneratorRunResult RunTwice(string before, string after)
    {
        var compilation = TestCompiler.Compile(before);
        var driver = TestCompiler.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, Parse(after, tree.FilePath));
        return driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
    }

    private static SyntaxTree Parse(string text, string path) =>
        CSharpSyntaxTree.ParseText(text, TestCompiler.ParseOptions, path, cancellationToken: TestContext.Current.CancellationToken);

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> SpecOutputs(GeneratorRunResult result) =>
        result.TrackedSteps[TrackingNames.Spec].SelectMany(step => step.Outputs);

    /// <summary>Paths (field chains) to every compiler object reachable from <paramref name="root"/> through fields.</summary>
    private static List<string> CompilerObjectsIn(object root)
    {
        var found = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, root.GetType().Name);
        return found;

        void Walk(object? value, string path)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is Pointer)
            {
                return;
            }

            if (value is ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel or Compilation)
            {
                found.Add(path + " : " + value.GetType().Name + " (" + ForbiddenKind(value) + ")");
                return;
            }

            if (!value.GetType().IsValueType && !visited.Add(value))
            {
                return;
            }

            if (value is IEnumerable items and not IDictionary)
            {
                var index = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{index++}]");
                }

                return;
            }

            for (var type = value.GetType(); type is not null; type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    Walk(field.GetValue(value), path + "." + field.Name);
                }
            }
        }

        static string ForbiddenKind(object value) => value switch
        {
            ISymbol => nameof(ISymbol),
            SyntaxNode => nameof(SyntaxNode),
            SyntaxTree => nameof(SyntaxTree),
            Location => nameof(Location),
            SemanticModel => nameof(SemanticModel),
            _ => nameof(Compilation),
        };
    }
}
