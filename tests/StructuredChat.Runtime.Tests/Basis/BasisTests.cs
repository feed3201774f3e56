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
        var basis = Basis<CompanyInfo>.Create(
        [
            Entry("name", "high", "https://a.example"),
            Entry("founded", "medium", "https://b.example", "https://c.example"),
            Entry("founders", "low"),
            Entry("founders.0", "high"),
            Entry("founders.2.name", "medium"),
        ]);

        Assert.Equal("https://a.example", basis.Name!.Citations.Single().Url);
        Assert.Equal(["https://b.example", "https://c.example"], basis.Founded!.Citations.Select(c => c.Url));
        Assert.Equal(BasisConfidence.Low, basis.Founders.BasisForSelf!.Confidence);
        Assert.Equal(BasisConfidence.High, basis.Founders[0]!.Confidence);
        Assert.Null(basis.Founders[1]);
        Assert.Equal("because founders.2.name", basis.Founders.Element(2).Name!.Reasoning);
        Assert.Null(basis.Size);
        Assert.Empty(basis.Unmapped);
    }

    [Fact]
    public void Nested_objects_get_nested_basis_views()
    {
        var basis = Basis<Deep>.Create([Entry("one"), Entry("one.two.value", "low"), Entry("one.many.1.note", "medium")]);

        Assert.Equal("one", basis.One.BasisForSelf!.Field);
        Assert.Equal(BasisConfidence.Low, basis.One.Two.Value!.Confidence);
        Assert.Equal(BasisConfidence.Medium, basis.One.Many.Element(1).Note!.Confidence);
    }

    [Fact]
    public void Entries_that_match_no_property_are_kept_in_Unmapped()
    {
        var entries = new[] { Entry("name"), Entry("headquarters"), Entry("founders.x"), Entry("name.0"), Entry("output"), Entry("") };
        var basis = Basis<CompanyInfo>.Create(entries);

        Assert.Equal(["headquarters", "founders.x", "name.0", "output", ""], basis.Unmapped.Select(e => e.Field));
        Assert.Equal(entries, basis.Entries);
    }

    [Theory]
    [InlineData("low", BasisConfidence.Low)]
    [InlineData("Medium", BasisConfidence.Medium)]
    [InlineData("HIGH", BasisConfidence.High)]
    [InlineData("very high", BasisConfidence.Other)]
    public void Confidence_maps_the_three_known_values_and_keeps_the_raw_text(string text, BasisConfidence expected)
    {
        var basis = Basis<CompanyInfo>.Create([Entry("name", text)]);
        Assert.Equal(expected, basis.Name!.Confidence);
        Assert.Equal(text, basis.Name!.ConfidenceText);
    }

    [Fact]
    public void A_missing_confidence_is_null()
    {
        Assert.Null(Basis<CompanyInfo>.Create([Entry("name", null)]).Name!.Confidence);
    }

    [Fact]
    public void Names_follow_the_type_naming_policy()
    {
        var basis = Basis<CamelCased>.Create([Entry("firstName"), Entry("keyPeople.0.name"), Entry("first_name")]);
        Assert.NotNull(basis.FirstName);
        Assert.NotNull(basis.KeyPeople.Element(0).Name);
        Assert.Equal("first_name", basis.Unmapped.Single().Field);
    }
}
