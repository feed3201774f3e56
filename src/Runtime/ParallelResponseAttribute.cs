namespace StructuredChat;

/// <summary>
/// Marks a <c>partial</c> record, record struct or class as the typed answer of a Parallel Chat API call.
/// The StructuredChat source generator then emits, at compile time, the type's JSON schema
/// (checked against Parallel's schema rules), a streaming partial-JSON reader and a typed research basis view.
/// </summary>
/// <remarks>
/// Properties become required JSON properties, in declaration order. Nullable properties are expressed as a
/// <c>["T","null"]</c> union, since Parallel requires every property to be listed in <c>required</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class ParallelResponseAttribute : Attribute
{
    /// <summary>
    /// The schema name sent as <c>response_format.json_schema.name</c>; must match <c>[a-zA-Z0-9_-]{1,64}</c>.
    /// Defaults to the type name in snake_case (for example <c>company_info</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>How property names are turned into JSON names. Defaults to <see cref="ParallelNamingPolicy.SnakeCaseLower"/>.</summary>
    public ParallelNamingPolicy NamingPolicy { get; set; } = ParallelNamingPolicy.SnakeCaseLower;
}

/// <summary>How the generator turns C# property names into JSON property names.</summary>
/// <remarks><c>[JsonPropertyName]</c> on a property always wins over the policy.</remarks>
public enum ParallelNamingPolicy
{
    /// <summary><c>FoundedYear</c> becomes <c>founded_year</c>, as <see cref="System.Text.Json.JsonNamingPolicy.SnakeCaseLower"/> does. The default.</summary>
    SnakeCaseLower = 0,

    /// <summary><c>FoundedYear</c> becomes <c>foundedYear</c>, as <see cref="System.Text.Json.JsonNamingPolicy.CamelCase"/> does.</summary>
    CamelCase = 1,

    /// <summary>The C# name as written.</summary>
    AsWritten = 2,
}
