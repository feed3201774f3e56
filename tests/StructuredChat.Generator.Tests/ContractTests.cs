using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using StructuredChat.Generator.Diagnostics;
using StructuredChat.Generator.Helpers;
using StructuredChat.Generator.Tests.Infrastructure;
using Xunit;

namespace StructuredChat.Generator.Tests;

/// <summary>
/// Names the generator hard-codes match the real ones in the Runtime and in System.Text.Json, and every diagnostic
/// has the documentation its help link points to.
/// </summary>
public sealed class ContractTests
{
    public static TheoryData<string> Names => new(
        "Name", "FoundedYear", "URLValue", "IOStream", "Name2Value", "Name2value", "A", "a", "ID", "Id", "id",
        "XMLHttpRequest", "HTTPServer2", "Version2B", "ABC", "ABc", "AbC", "already_snake", "_leading", "trailing_",
        "Double__Underscore", "camelCase", "Snake_Case_Mixed", "UInt64", "SByte", "Int32Value", "X1Y2", "I", "IO",
        "With Space", "ÉtéCafé", "Ünïcode", "a1B2c3", "MyURL", "URL", "PDFFile2Text", "Field1", "ISO8601Date");

    [Fact]
    public void The_attribute_metadata_name_is_the_runtime_attribute()
    {
        Assert.Equal(KnownTypeNames.ParallelResponseAttribute, typeof(ParallelResponseAttribute).FullName);
    }

    [Fact]
    public void The_naming_policy_values_are_the_runtime_enum_values()
    {
        Assert.Equal(JsonNaming.SnakeCaseLower, (int)ParallelNamingPolicy.SnakeCaseLower);
        Assert.Equal(JsonNaming.CamelCase, (int)ParallelNamingPolicy.CamelCase);
        Assert.Equal(JsonNaming.AsWritten, (int)ParallelNamingPolicy.AsWritten);
    }

    [Fact]
    public void The_GeneratedCode_attribute_carries_the_generator_assembly_version()
    {
        var generator = typeof(ParallelResponseGenerator).Assembly.GetName();
        var source = TestCompiler.Run(Scenarios.StringBoolAndFloatingPoint).Source(".Streaming.g.cs");

        Assert.Contains($"GeneratedCodeAttribute(\"{generator.Name}\", \"{generator.Version}\")", source, StringComparison.Ordinal);
        Assert.DoesNotContain(Baseline.VersionPlaceholder, source, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Snake_case_matches_System_Text_Json(string name)
    {
        Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), JsonNaming.ToSnakeCaseLower(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Camel_case_matches_System_Text_Json(string name)
    {
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), JsonNaming.ToCamelCase(name));
    }

    public static TheoryData<string> DiagnosticIds => new(Descriptors.Select(d => d.Id));

    private static IEnumerable<DiagnosticDescriptor> Descriptors =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>();

    [Fact]
    public void Diagnostic_ids_are_distinct_SCHAT_ids()
    {
        Assert.Equal(
            Enumerable.Range(1, 15).Select(i => $"SCHAT{i:D3}"),
            Descriptors.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DiagnosticIds))]
    public void Every_diagnostic_has_its_documented_section_and_release_entry(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        var releases = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Generator", "AnalyzerReleases.Unshipped.md"));

        var anchor = descriptor.HelpLinkUri[(descriptor.HelpLinkUri.IndexOf('#', StringComparison.Ordinal) + 1)..];
        Assert.Contains($"<a id=\"{anchor}\"></a>\n## {id}: {descriptor.Title}", docs, StringComparison.Ordinal);
        Assert.Contains($"{id} | StructuredChat | {descriptor.DefaultSeverity} | {descriptor.Title}", releases, StringComparison.Ordinal);
    }
}
