using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using StructuredChat.Generator.Tests.Infrastructure;
using Xunit;

namespace StructuredChat.Generator.Tests;

/// <summary>
/// One test per diagnostic: the ID, where the IDE underlines it (marked in the source as <c>{|ID:text|}</c>) and the
/// message the user reads. Errors stop generation for the type; the basis-name warning does not. Schemas right at
/// each limit are accepted: see <see cref="Rules.ParallelSchemaRuleTests"/>.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using StructuredChat;

        namespace Demo;

        """;

    [Fact]
    public void SCHAT001_TypeNotPartial()
    {
        var run = Expect(
            """
            [ParallelResponse]
            public record {|SCHAT001:Answer|}(string Text);
            """,
            "'Answer' must be declared 'partial' so that StructuredChat can add its schema and reader; add the 'partial' modifier");

        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void SCHAT001_ContainingTypeNotPartial()
    {
        Expect(
            """
            public static class {|SCHAT001:Outer|}
            {
                [ParallelResponse]
                public partial record Answer(string Text);
            }
            """,
            "'Outer' must be declared 'partial' so that StructuredChat can add its schema and reader; add the 'partial' modifier (it contains 'Answer')");
    }

    [Theory]
    [InlineData("Dictionary<string, int>", "System.Collections.Generic.Dictionary<string, int>", "a dictionary's keys are not known in advance, and Parallel requires every property to be listed")]
    [InlineData("IReadOnlyDictionary<string, string>", "System.Collections.Generic.IReadOnlyDictionary<string, string>", "a dictionary's keys are not known in advance, and Parallel requires every property to be listed")]
    [InlineData("object", "object", "an untyped value has no schema")]
    [InlineData("dynamic", "dynamic", "an untyped value has no schema")]
    [InlineData("System.Text.Json.JsonElement", "System.Text.Json.JsonElement", "untyped JSON has no schema")]
    [InlineData("IShape", "Demo.IShape", "an interface cannot be constructed; use a concrete type")]
    [InlineData("Shape", "Demo.Shape", "an abstract type cannot be constructed; use a concrete type")]
    [InlineData("int[,]", "int[*,*]", "multi-dimensional arrays have no schema; use an array of arrays or a list")]
    [InlineData("Queue<string>", "System.Collections.Generic.Queue<string>", "the collections supported are arrays, List<T>, IList<T>, IReadOnlyList<T>, ICollection<T>, IReadOnlyCollection<T>, IEnumerable<T>, HashSet<T>, ISet<T> and ImmutableArray<T>, and framework types other than dates, times, Guid and Uri have no schema")]
    [InlineData("Version", "System.Version", "the collections supported are arrays, List<T>, IList<T>, IReadOnlyList<T>, ICollection<T>, IReadOnlyCollection<T>, IEnumerable<T>, HashSet<T>, ISet<T> and ImmutableArray<T>, and framework types other than dates, times, Guid and Uri have no schema")]
    [InlineData("List<object>", "object", "an untyped value has no schema")]
    public void SCHAT002_UnsupportedPropertyType(string declaredType, string reportedType, string reason)
    {
        Expect(
            $$"""
            public interface IShape { }

            public abstract class Shape { }

            [ParallelResponse]
            public partial class Answer
            {
                public string Text { get; set; } = "";

                public {{declaredType}} {|SCHAT002:Value|} { get; set; } = default!;
            }
            """,
            $"Property 'Value' has type '{reportedType}', which has no JSON schema Parallel accepts ({reason}); use a string, number, bool, enum, date/time, Guid, Uri, a list or array, or a concrete record or class");
    }

    [Fact]
    public void SCHAT003_DirectRecursion()
    {
        Expect(
            """
            [ParallelResponse]
            public partial record Node(string Name, Node? {|SCHAT003:Next|});
            """,
            "Property 'Next' makes 'Node' contain itself (Node -> Node); Parallel schemas are inlined and cannot be recursive, so break the cycle (for example with a separate, flatter type)");
    }

    [Fact]
    public void SCHAT003_IndirectRecursionThroughAList()
    {
        Expect(
            """
            [ParallelResponse]
            public partial record Department(string Name, List<Employee> Staff);

            public record Employee(string Name, Department {|SCHAT003:WorksIn|});
            """,
            "Property 'WorksIn' makes 'Department' contain itself (Department -> Employee -> Department); Parallel schemas are inlined and cannot be recursive, so break the cycle (for example with a separate, flatter type)");
    }

    [Fact]
    public void SCHAT004_DuplicateJsonName()
    {
        Expect(
            """
            [ParallelResponse]
            public partial class Answer
            {
                public string FoundedYear { get; set; } = "";

                [JsonPropertyName("founded_year")]
                public string {|SCHAT004:Year|} { get; set; } = "";
            }
            """,
            "Property 'Year' and property 'FoundedYear' both map to the JSON name 'founded_year'; rename one or give it a [JsonPropertyName]");
    }

    [Fact]
    public void SCHAT005_InvalidExplicitSchemaName()
    {
        var run = Expect(
            """
            [{|SCHAT005:ParallelResponse(Name = "company info")|}]
            public partial record Answer(string Text);
            """,
            "Schema name 'company info' must match [a-zA-Z0-9_-]{1,64}; set ParallelResponse(Name = \"...\") to a valid name");

        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void SCHAT005_DefaultSchemaNameFromANonAsciiTypeName()
    {
        Expect(
            """
            [{|SCHAT005:ParallelResponse|}]
            public partial record Café(string Text);
            """,
            "Schema name 'café' must match [a-zA-Z0-9_-]{1,64}; set ParallelResponse(Name = \"...\") to a valid name");
    }

    [Fact]
    public void SCHAT005_SchemaNameLongerThan64Characters()
    {
        var name = new string('a', 65);
        Expect(
            $$"""
            [{|SCHAT005:ParallelResponse(Name = "{{name}}")|}]
            public partial record Answer(string Text);
            """,
            $"Schema name '{name}' must match [a-zA-Z0-9_-]{{1,64}}; set ParallelResponse(Name = \"...\") to a valid name");
    }

    [Fact]
    public void SCHAT006_NestingDeeperThanFive()
    {
        // The root object is level 1, so the fifth nested object is level 6.
        Expect(
            """
            [ParallelResponse]
            public partial record Root(L2 Next);
            public record L2(L3 Next);
            public record L3(L4 Next);
            public record L4(L5 Next);
            public record L5(L6 {|SCHAT006:Next|});
            public record L6(string Leaf);
            """,
            "Property 'Next' nests objects and arrays 6 levels deep at 'next.next.next.next.next'; Parallel allows at most 5, so flatten the type");
    }

    [Fact]
    public void SCHAT006_ArraysCountAsLevels()
    {
        // Root object, L2 object, then four arrays: level 6.
        Expect(
            """
            [ParallelResponse]
            public partial record Root(L2 Next);
            public record L2(List<List<List<List<string>>>> {|SCHAT006:Grid|});
            """,
            "Property 'Grid' nests objects and arrays 6 levels deep at 'next.grid.0.0.0'; Parallel allows at most 5, so flatten the type");
    }

    [Fact]
    public void SCHAT007_MoreThan100PropertiesAcrossAllLevels()
    {
        // 59 at the root and Inner make 60; Inner's 41st property is the 101st.
        var nested = Parameters("N", 41, marked: 41, id: "SCHAT007");
        Expect(
            $$"""
            [ParallelResponse]
            public partial record Wide({{Parameters("P", 59)}}, Inner Inner);
            public record Inner({{nested}});
            """,
            "Property 'N41' brings the schema of 'Wide' to 101 properties across all levels; Parallel allows at most 100, so split the question into smaller types");
    }

    [Fact]
    public void SCHAT008_MoreThan500EnumValuesInAll()
    {
        Expect(
            $$"""
            public enum Code { {{string.Join(", ", Enumerable.Range(0, 300).Select(i => "C" + i))}} }

            [ParallelResponse]
            public partial record Answer(Code First, Code {|SCHAT008:Second|});
            """,
            "Property 'Second' brings the schema of 'Answer' to 600 enum values; Parallel allows at most 500 enum values in all, and at most 7,500 characters for enums over 250 values; use a string property and describe the values instead");
    }

    [Fact]
    public void SCHAT008_EnumOver250ValuesAndOver7500Characters()
    {
        // 251 values of 30 characters each: 7,530 characters in one enum.
        var members = Enumerable.Range(0, 251).Select(i => "Value" + i.ToString("D25", CultureInfo.InvariantCulture));
        Expect(
            $$"""
            public enum Code { {{string.Join(", ", members)}} }

            [ParallelResponse]
            public partial record Answer(Code {|SCHAT008:Value|});
            """,
            "Property 'Value' brings the schema of 'Answer' to 251 enum values of 7530 characters in one enum; Parallel allows at most 500 enum values in all, and at most 7,500 characters for enums over 250 values; use a string property and describe the values instead");
    }

    [Fact]
    public void SCHAT009_MoreThan25000CharactersOfNamesAndValues()
    {
        // 25 names of 1,000 characters reach the limit exactly; the next one-character name crosses it.
        var properties = new StringBuilder();
        for (var i = 0; i < 25; i++)
        {
            properties.Append(CultureInfo.InvariantCulture, $"    [JsonPropertyName(\"{i:D3}{new string('x', 997)}\")] public string P{i} {{ get; set; }} = \"\";\n");
        }

        Expect(
            $$"""
            [ParallelResponse]
            public partial class Answer
            {
            {{properties}}
                public string {|SCHAT009:X|} { get; set; } = "";
            }
            """,
            "Property 'X' brings the property names and enum values of 'Answer' to 25001 characters; Parallel allows at most 25,000, so use shorter names or fewer properties");
    }

    [Fact]
    public void SCHAT010_GenericType()
    {
        Expect(
            """
            [ParallelResponse]
            public partial record {|SCHAT010:Box|}<T>(T Value);
            """,
            "'Box' is generic; a [ParallelResponse] type needs one schema known at compile time, so declare a non-generic type (it may contain generic nested types)");
    }

    [Fact]
    public void SCHAT010_TypeNestedInAGenericType()
    {
        Expect(
            """
            public partial class Outer<T>
            {
                public partial class Middle
                {
                    [ParallelResponse]
                    public partial record {|SCHAT010:Answer|}(string Text);
                }
            }
            """,
            "'Answer' is generic; a [ParallelResponse] type needs one schema known at compile time, so declare a non-generic type (it may contain generic nested types)");
    }

    [Fact]
    public void SCHAT011_BasisLikeNameIsAWarningAndTheSchemaIsStillGenerated()
    {
        var run = Expect(
            """
            [ParallelResponse]
            public partial record Answer(string Text, List<string> {|SCHAT011:Sources|});
            """,
            "Property 'Sources' has the JSON name 'sources', which Parallel discourages because the research basis already carries it; read it from the response's Basis, or rename the property");

        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.Diagnostics).Severity);
        Assert.Contains("\"sources\":{\"type\":\"array\"", run.Schema("Demo.Answer"), StringComparison.Ordinal);
        Assert.Empty(run.ProblemsInGeneratedCode);
    }

    [Theory]
    [InlineData("reasoning")]
    [InlineData("confidence")]
    [InlineData("citations")]
    [InlineData("evidence")]
    [InlineData("source")]
    [InlineData("sources")]
    [InlineData("source_urls")]
    public void SCHAT011_EveryBasisFieldName(string jsonName)
    {
        Expect(
            $$"""
            [ParallelResponse]
            public partial class Answer
            {
                [JsonPropertyName("{{jsonName}}")]
                public string {|SCHAT011:Value|} { get; set; } = "";
            }
            """,
            $"Property 'Value' has the JSON name '{jsonName}', which Parallel discourages because the research basis already carries it; read it from the response's Basis, or rename the property");
    }

    [Fact]
    public void SCHAT011_CanBeSuppressedWithPragma()
    {
        var run = TestCompiler.Run(Usings + """
            [ParallelResponse]
            public partial record Answer(
                string Text,
            #pragma warning disable SCHAT011 // the model should cite its own sources here
                string Source);
            #pragma warning restore SCHAT011
            """);

        // The compiler keeps a pragma-suppressed diagnostic but marks it suppressed: it is neither shown nor an error
        // under TreatWarningsAsErrors. (A location rebuilt from path and span would lose the pragma: dotnet/runtime#92509.)
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCHAT011", diagnostic.Id);
        Assert.True(diagnostic.IsSuppressed);
        Assert.Contains("\"source\":{\"type\":\"string\"}", run.Schema("Demo.Answer"), StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_named_like_the_former_members_of_Partial_are_not_reported()
    {
        // Partial<T> has no members of its own any more (generated code reads it through static PartialAccessors).
        var run = TestCompiler.Run(Usings + """
            [ParallelResponse]
            public partial record Job(string Title, bool IsComplete, string JsonPath, int GetState, string GetString);
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.ProblemsInGeneratedCode);
        Assert.Contains("\"is_complete\":{\"type\":\"boolean\"}", run.Schema("Demo.Job"), StringComparison.Ordinal);
    }

    [Fact]
    public void SCHAT014_AbstractAnnotatedType()
    {
        Expect(
            """
            [ParallelResponse]
            public abstract partial record {|SCHAT014:Answer|}(string Text);
            """,
            "'Answer' is abstract, so an answer cannot be read into it; remove 'abstract' or annotate a concrete type");
    }

    [Fact]
    public void SCHAT012_GetOnlyPropertyWhoseParameterIsInAnotherConstructor()
    {
        // Summary is not computed (a constructor takes it), but the constructor the answer is built with does not.
        Expect(
            """
            [ParallelResponse]
            public partial record Answer(Inner Inner);

            public class Inner
            {
                public Inner(string text) => Text = text;

                private Inner(string text, string summary)
                    : this(text) => Summary = summary;

                public string Text { get; }

                public string {|SCHAT012:Summary|} { get; } = "";
            }
            """,
            "Property 'Summary' of 'Inner' can be neither passed to a constructor nor set (it has no accessible set or init accessor and no matching constructor parameter); add 'init' or a constructor parameter named like the property");
    }

    [Fact]
    public void SCHAT012_NestedTypeWithAPrivateSetter()
    {
        Expect(
            """
            [ParallelResponse]
            public partial record Answer(Inner Inner);

            public class Inner
            {
                public string {|SCHAT012:Text|} { get; private set; } = "";
            }
            """,
            "Property 'Text' of 'Inner' can be neither passed to a constructor nor set (it has no accessible set or init accessor and no matching constructor parameter); add 'init' or a constructor parameter named like the property");
    }

    [Fact]
    public void SCHAT015_JsonConstructorParameterWithNoProperty()
    {
        // System.Text.Json throws at run time for this constructor; the answer has nothing to pass as 'source'.
        Expect(
            """
            [ParallelResponse]
            public partial record Answer(Inner Inner);

            public class Inner
            {
                [JsonConstructor]
                public Inner(string text, string {|SCHAT015:source|})
                {
                    Text = text;
                    Origin = source;
                }

                public string Text { get; }

                public string Origin { get; init; } = "";
            }
            """,
            "Parameter 'source' of the constructor of 'Inner' the answer is built with binds to no property (none has its name, ignoring case, and a type that can be passed to it), so the answer has no value for it; add a property named like the parameter, or mark another constructor [JsonConstructor]");
    }

    [Fact]
    public void SCHAT015_JsonConstructorParameterWhosePropertyCannotBePassedToIt()
    {
        Expect(
            """
            [ParallelResponse]
            public partial class Answer
            {
                [JsonConstructor]
                public Answer(string text, int {|SCHAT015:year|})
                {
                    Text = text;
                    Year = year.ToString();
                }

                public string Text { get; }

                public string Year { get; }
            }
            """,
            "Parameter 'year' of the constructor of 'Answer' the answer is built with binds to no property (none has its name, ignoring case, and a type that can be passed to it), so the answer has no value for it; add a property named like the parameter, or mark another constructor [JsonConstructor]");
    }

    /// <summary>
    /// Runs the generator over <paramref name="markup"/> (after the usings) and asserts that it reports exactly the
    /// marked diagnostic, at the marked span (so at its line and column), with <paramref name="message"/>.
    /// </summary>
    private static GeneratorRun Expect(string markup, string message)
    {
        var (source, expected) = Markup.Parse(Usings + markup);
        var marked = Assert.Single(expected);

        var run = TestCompiler.Run(source);

        var diagnostic = Assert.Single(run.Diagnostics);
        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(
            (marked.Id, marked.Line, marked.Column, marked.Span.Length),
            (diagnostic.Id, position.Line + 1, position.Character + 1, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal($"https://github.com/structuredchat/structuredchat/blob/main/docs/diagnostics.md#{marked.Id.ToLowerInvariant()}", diagnostic.Descriptor.HelpLinkUri);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            Assert.Empty(run.Result.GeneratedSources);
        }

        return run;
    }

    /// <summary><c>string P1, string P2, ...</c>; the <paramref name="marked"/>-th name is marked with <paramref name="id"/>.</summary>
    private static string Parameters(string prefix, int count, int marked = 0, string id = "") =>
        string.Join(", ", Enumerable.Range(1, count).Select(i => i == marked ? $"string {{|{id}:{prefix}{i}|}}" : $"string {prefix}{i}"));
}
