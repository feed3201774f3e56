namespace StructuredChat.Generator;

/// <summary>Metadata names the generator looks for; the attribute lives in the Runtime (a test pins the name).</summary>
internal static class KnownTypeNames
{
    public const string ParallelResponseAttribute = "StructuredChat.ParallelResponseAttribute";
    public const string DescriptionAttribute = "System.ComponentModel.DescriptionAttribute";
    public const string JsonPropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
    public const string JsonIgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";
    public const string JsonStringEnumMemberNameAttribute = "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute";
    public const string JsonConstructorAttribute = "System.Text.Json.Serialization.JsonConstructorAttribute";
    public const string DateOnly = "System.DateOnly";
    public const string TimeOnly = "System.TimeOnly";
    public const string DateTimeOffset = "System.DateTimeOffset";
    public const string TimeSpan = "System.TimeSpan";
    public const string Guid = "System.Guid";
    public const string Uri = "System.Uri";
    public const string List = "System.Collections.Generic.List`1";
    public const string IReadOnlyList = "System.Collections.Generic.IReadOnlyList`1";
    public const string IList = "System.Collections.Generic.IList`1";
    public const string ImmutableArray = "System.Collections.Immutable.ImmutableArray`1";
    public const string IEnumerable = "System.Collections.Generic.IEnumerable`1";
    public const string ICollection = "System.Collections.Generic.ICollection`1";
    public const string IReadOnlyCollection = "System.Collections.Generic.IReadOnlyCollection`1";
    public const string ISet = "System.Collections.Generic.ISet`1";
    public const string HashSet = "System.Collections.Generic.HashSet`1";
}

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Spec = nameof(Spec);
    public const string Diagnostics = nameof(Diagnostics);
    public const string NestedObjects = nameof(NestedObjects);
}
