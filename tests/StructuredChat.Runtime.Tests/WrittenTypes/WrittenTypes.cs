using System.Text.Json.Serialization;

namespace StructuredChat.Runtime.Tests.WrittenTypes;

// Types as users write them: collection interfaces and sets, char, computed properties, ignored constructor parameters.

[ParallelResponse]
public partial record Story(string Title, [property: JsonIgnore] int Revision, string Body);

public record Tag(string Name);

[ParallelResponse]
public partial class Catalog
{
    public required IEnumerable<string> Names { get; init; }

    public required ICollection<int> Counts { get; init; }

    public required IReadOnlyCollection<Tag> Tags { get; init; }

    public required ISet<string> Keywords { get; init; }

    public required HashSet<int> Years { get; init; }

    public HashSet<string>? MaybeLabels { get; init; }

    public required IReadOnlyList<IEnumerable<int>> Nested { get; init; }
}

[ParallelResponse]
public partial record Article(string Headline, [property: JsonIgnore] string? Internal = null);

[ParallelResponse]
public partial record Grade(char Letter, char? Modifier, List<char> Marks, char[]? Initials = null);

[ParallelResponse]
public partial record Memo(string Text, [property: JsonIgnore] string Origin = "n/a", int Priority = 1);

[ParallelResponse]
public partial record Named(string First, string Last)
{
    public string Display => $"{First} {Last}";

    public int Initials
    {
        get { return First.Length > 0 && Last.Length > 0 ? 2 : 0; }
    }
}
