using System.Text.Json;
using StructuredChat.Generator.Helpers;
using Xunit;

namespace StructuredChat.Generator.Tests;

/// <summary>Names the generator hard-codes match the real ones in the Runtime and in System.Text.Json.</summary>
public sealed class ContractTests
{
    public static TheoryData<string> Names => new(
        "Name", "FoundedYear", "URLValue", "IOStream", "Name2Value", "Name2value", "A", "a", "ID", "Id", "id",
        "XMLHttpRequest", "HTTPServer2", "Version2B", "ABC", "ABc", "AbC", "already_snake", "_leading", "trailing_",
        "Double__Underscore", "camelCase", "Snake_Case_Mixed", "UInt64", "SByte", "Int32Value", "X1Y2", "I", "IO",
        "With Space", "ÉtéCafé", "Ünïcode", "a1B2c3", "MyURL", "URL", "PDFFile2Text", "Field1", "ISO8601Date");

    [Fact]
    public void TheAttributeMetadataNameIsTheRuntimeAttribute()
    {
        Assert.Equal(KnownTypeNames.ParallelResponseAttribute, typeof(ParallelResponseAttribute).FullName);
    }

    [Fact]
    public void TheNamingPolicyValuesAreTheRuntimeEnumValues()
    {
        Assert.Equal(JsonNaming.SnakeCaseLower, (int)ParallelNamingPolicy.SnakeCaseLower);
        Assert.Equal(JsonNaming.CamelCase, (int)ParallelNamingPolicy.CamelCase);
        Assert.Equal(JsonNaming.AsWritten, (int)ParallelNamingPolicy.AsWritten);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SnakeCaseMatchesSystemTextJson(string name)
    {
        Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), JsonNaming.ToSnakeCaseLower(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void CamelCaseMatchesSystemTextJson(string name)
    {
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), JsonNaming.ToCamelCase(name));
    }
}
