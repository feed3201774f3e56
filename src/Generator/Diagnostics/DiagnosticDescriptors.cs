using Microsoft.CodeAnalysis;

namespace StructuredChat.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are never reused; each has a section in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "StructuredChat";
    private const string HelpBase = "https://github.com/structuredchat/structuredchat/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "SCHAT001",
        "Type must be partial",
        "'{0}' must be declared 'partial' so that StructuredChat can add its schema and reader; add the 'partial' modifier{1}");

    public static readonly DiagnosticDescriptor UnsupportedPropertyType = Error(
        "SCHAT002",
        "Property type is not supported",
        "Property '{0}' has type '{1}', which has no JSON schema Parallel accepts ({2}); use a string, number, bool, enum, date/time, Guid, Uri, a list or array, or a concrete record or class");

    public static readonly DiagnosticDescriptor RecursiveType = Error(
        "SCHAT003",
        "Recursive type",
        "Property '{0}' makes '{1}' contain itself ({2}); Parallel schemas are inlined and cannot be recursive, so break the cycle (for example with a separate, flatter type)");

    public static readonly DiagnosticDescriptor DuplicateJsonName = Error(
        "SCHAT004",
        "Two properties have the same JSON name",
        "Property '{0}' and property '{1}' both map to the JSON name '{2}'; rename one or give it a [JsonPropertyName]");

    public static readonly DiagnosticDescriptor InvalidSchemaName = Error(
        "SCHAT005",
        "Invalid schema name",
        "Schema name '{0}' must match [a-zA-Z0-9_-]{{1,64}}; set ParallelResponse(Name = \"...\") to a valid name");

    public static readonly DiagnosticDescriptor NestingTooDeep = Error(
        "SCHAT006",
        "Schema nesting too deep",
        "Property '{0}' nests objects and arrays {1} levels deep at '{2}'; Parallel allows at most 5, so flatten the type");

    public static readonly DiagnosticDescriptor TooManyProperties = Error(
        "SCHAT007",
        "Too many properties",
        "Property '{0}' brings the schema of '{1}' to {2} properties across all levels; Parallel allows at most 100, so split the question into smaller types");

    public static readonly DiagnosticDescriptor TooManyEnumValues = Error(
        "SCHAT008",
        "Too many enum values",
        "Property '{0}' brings the schema of '{1}' to {2}; Parallel allows at most 500 enum values in all, and at most 7,500 characters for enums over 250 values; use a string property and describe the values instead");

    public static readonly DiagnosticDescriptor SchemaTooLarge = Error(
        "SCHAT009",
        "Schema names and values too long",
        "Property '{0}' brings the property names and enum values of '{1}' to {2} characters; Parallel allows at most 25,000, so use shorter names or fewer properties");

    public static readonly DiagnosticDescriptor GenericType = Error(
        "SCHAT010",
        "Generic type cannot be a response",
        "'{0}' is generic; a [ParallelResponse] type needs one schema known at compile time, so declare a non-generic type (it may contain generic nested types)");

    public static readonly DiagnosticDescriptor BasisLikePropertyName = new(
        "SCHAT011",
        "Property name duplicates the research basis",
        "Property '{0}' has the JSON name '{1}', which Parallel discourages because the research basis already carries it; read it from the response's Basis, or rename the property",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "schat011");

    public static readonly DiagnosticDescriptor NotConstructible = Error(
        "SCHAT012",
        "Type cannot be constructed from JSON",
        "Property '{0}' of '{1}' can be neither passed to a constructor nor set (it has no accessible set or init accessor and no matching constructor parameter); add 'init' or a constructor parameter named like the property");

    public static readonly DiagnosticDescriptor ConstructorParameterUnbound = Error(
        "SCHAT015",
        "Constructor parameter binds to no property",
        "Parameter '{0}' of the constructor of '{1}' the answer is built with binds to no property (none has its name, ignoring case, and a type that can be passed to it), so the answer has no value for it; add a property named like the parameter, or mark another constructor [JsonConstructor]");

    public static readonly DiagnosticDescriptor HiddenByRuntimeMember = new(
        "SCHAT013",
        "Property name is hidden on the streaming or basis view",
        "Property '{0}' has the same name as a member of {1}, so '{2}.{0}' reads that member instead of the property; rename the property to see it while streaming",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "schat013");

    public static readonly DiagnosticDescriptor AbstractType = Error(
        "SCHAT014",
        "Abstract type cannot be a response",
        "'{0}' is abstract, so an answer cannot be read into it; remove 'abstract' or annotate a concrete type");

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + id.ToLowerInvariant());
}
