using StructuredChat.Runtime.Tests.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Basis;

public class BasisTests
{
    private static FieldBasis Entry(string field, string? confidence = "high", params string[] urls) =>
        new(field, "because " + field, urls.Select(u => new Citation(u, "title of " + u, ["excerpt"])).ToList(), confidence);

    [Fact]
    public void Entries_land_on_the_properties_by_their_json_paths()
    {
        var basis = ResearchBasis.Create<CompanyInfo>(
        [
            Entry("name", "high", "https://a.example"),
            Entry("founded", "medium", "https://b.example", "https://c.example"),
            Entry("founders", "low"),
            Entry("founders.0", "high"),
            Entry("founders.2.name", "medium"),
        ]);

        Assert.Equal("https://a.example", basis.Name!.Citations.Single().Url);
        Assert.Equal(["https://b.example", "https://c.example"], basis.Founded!.Citations.Select(c => c.Url));
        Assert.Equal(BasisConfidence.Low, ResearchBasis.ForSelf(basis.Founders)!.Confidence);
        Assert.Equal(BasisConfidence.High, basis.Founders[0]!.Confidence);
        Assert.Null(basis.Founders[1]);
        Assert.Equal("because founders.2.name", basis.Founders.Element(2).Name!.Reasoning);
        Assert.Null(basis.Size);
        Assert.Empty(ResearchBasis.Unmapped(basis));
    }

    [Fact]
    public void Nested_objects_get_nested_basis_views()
    {
        var basis = ResearchBasis.Create<Deep>([Entry("one"), Entry("one.two.value", "low"), Entry("one.many.1.note", "medium")]);

        Assert.Equal("one", ResearchBasis.ForSelf(basis.One)!.Field);
        Assert.Equal(BasisConfidence.Low, basis.One.Two.Value!.Confidence);
        Assert.Equal(BasisConfidence.Medium, basis.One.Many.Element(1).Note!.Confidence);
    }

    [Fact]
    public void Entries_that_match_no_property_are_kept_in_Unmapped()
    {
        var entries = new[] { Entry("name"), Entry("headquarters"), Entry("founders.x"), Entry("name.0"), Entry("output"), Entry("") };
        var basis = ResearchBasis.Create<CompanyInfo>(entries);

        Assert.Equal(["headquarters", "founders.x", "name.0", "output", ""], ResearchBasis.Unmapped(basis).Select(e => e.Field));
        Assert.Equal(entries, ResearchBasis.Entries(basis));
    }

    [Theory]
    [InlineData("low", BasisConfidence.Low)]
    [InlineData("Medium", BasisConfidence.Medium)]
    [InlineData("HIGH", BasisConfidence.High)]
    [InlineData("very high", BasisConfidence.Other)]
    public void Confidence_maps_the_three_known_values_and_keeps_the_raw_text(string text, BasisConfidence expected)
    {
        var basis = ResearchBasis.Create<CompanyInfo>([Entry("name", text)]);
        Assert.Equal(expected, basis.Name!.Confidence);
        Assert.Equal(text, basis.Name!.ConfidenceText);
    }

    [Fact]
    public void A_missing_confidence_is_null()
    {
        Assert.Null(ResearchBasis.Create<CompanyInfo>([Entry("name", null)]).Name!.Confidence);
    }

    [Fact]
    public void Names_follow_the_type_naming_policy()
    {
        var basis = ResearchBasis.Create<CamelCased>([Entry("firstName"), Entry("keyPeople.0.name"), Entry("first_name")]);
        Assert.NotNull(basis.FirstName);
        Assert.NotNull(basis.KeyPeople.Element(0).Name);
        Assert.Equal("first_name", ResearchBasis.Unmapped(basis).Single().Field);
    }

    [Fact]
    public void Properties_named_like_what_a_basis_knows_are_reached_by_their_names()
    {
        var basis = ResearchBasis.Create<LibraryWords>(
        [
            Entry("field", "low"), Entry("entries", "medium"), Entry("unmapped", "high"), Entry("basis_for_self"),
            Entry("object.list.1"), Entry("object"), Entry("list"), Entry("create"), Entry("empty"), Entry("elsewhere"),
        ]);

        Assert.Equal(BasisConfidence.Low, basis.Field!.Confidence);
        Assert.Equal(BasisConfidence.Medium, basis.Entries!.Confidence);
        Assert.Equal(BasisConfidence.High, basis.Unmapped!.Confidence);
        Assert.Equal("basis_for_self", basis.BasisForSelf!.Field);
        Assert.Equal("object.list.1", basis.Object.List[1]!.Field);
        Assert.Equal("object", ResearchBasis.ForSelf(basis.Object)!.Field);
        Assert.Equal("list", ResearchBasis.ForSelf(basis.List)!.Field);
        Assert.Equal("object", ResearchBasis.PathOf(basis.Object));
        Assert.Equal("create", basis.Create!.Field);
        Assert.Equal("empty", basis.Empty!.Field);
        Assert.Equal(["elsewhere"], ResearchBasis.Unmapped(basis).Select(e => e.Field));
        Assert.Equal(10, ResearchBasis.Entries(basis).Count);
    }

    [Fact]
    public void The_empty_basis_has_no_entries()
    {
        var basis = ResearchBasis.Empty<CompanyInfo>();

        Assert.Empty(ResearchBasis.Entries(basis));
        Assert.Null(basis.Name);
        Assert.Null(ResearchBasis.ForSelf(basis));
        Assert.Equal("", ResearchBasis.PathOf(basis));
    }
}

/// <summary>Properties named like members that the basis view used to have, or that <see cref="ResearchBasis"/> has.</summary>
[ParallelResponse]
public partial record LibraryWords(string Field, string Entries, string Unmapped, string BasisForSelf, LibraryWordsInner Object, IReadOnlyList<string> List, string Create, string Empty);

/// <summary>A nested object with a list named <c>List</c>.</summary>
public sealed record LibraryWordsInner(IReadOnlyList<int> List);

