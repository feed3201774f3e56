using StructuredChat.Generator.Helpers;

namespace StructuredChat.Generator.Model;

// Specs are the only thing the parser hands to the emitters: strings, primitives, enums and other specs, compared
// by value so the incremental pipeline can cache them. Never an ISymbol, SyntaxNode, Location or Compilation here.

/// <summary>Everything generated for one <c>[ParallelResponse]</c> type.</summary>
internal sealed record ResponseTypeSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string DeclarationKeyword,
    string Name,
    string FullyQualifiedName,
    string HintPrefix,
    string SchemaName,
    string? Description,
    ObjectSpec Root,
    EquatableArray<ObjectSpec> NestedObjects,
    GeneratedMemberNames Members);

/// <summary>
/// The names of the members the generator adds to the annotated type, chosen so that none collides with a member the
/// user declared (a property named <c>JsonSchema</c> keeps its name; the convenience constant is then left out).
/// </summary>
/// <param name="EmitJsonSchemaConstant">Whether the public <c>JsonSchema</c> constant is emitted (no member has that name).</param>
/// <param name="EmitJsonSchemaNameConstant">Whether the public <c>JsonSchemaName</c> constant is emitted.</param>
/// <param name="TypeInfoField">The private field caching the streaming metadata.</param>
/// <param name="TypeInfoFactory">The private method that creates it.</param>
internal sealed record GeneratedMemberNames(bool EmitJsonSchemaConstant, bool EmitJsonSchemaNameConstant, string TypeInfoField, string TypeInfoFactory);

/// <summary>A type that contains the annotated type (the generated partial declaration must repeat it).</summary>
internal sealed record ContainingTypeSpec(string DeclarationKeyword, string Name);

/// <summary>An object in the schema: the annotated type itself or a nested record or class (inlined).</summary>
/// <param name="ExtensionAccessibility">"public" or "internal" for the typed partial and basis extensions; null when the type is not visible at namespace level (then none are emitted).</param>
/// <param name="ExtensionClassName">The static class that holds the type's extension members.</param>
/// <param name="HintName">A file-name-safe full name of the type.</param>
/// <param name="ConstructorParameters">The parameters of the constructor the builder calls, in order (empty for a parameterless one).</param>
internal sealed record ObjectSpec(
    string TypeKey,
    string FullyQualifiedName,
    string DisplayName,
    string? Description,
    EquatableArray<PropertySpec> Properties,
    bool IsValueType,
    EquatableArray<ConstructorParameterSpec> ConstructorParameters,
    string? Namespace,
    string? ExtensionAccessibility,
    string ExtensionClassName,
    string HintName);

/// <summary>A parameter of the constructor the builder calls.</summary>
/// <param name="Name">The parameter's name as code writes it (<c>@class</c>).</param>
/// <param name="IsBound">Whether a schema property supplies it; when not (its property is <c>[JsonIgnore]</c>d), it gets its default value, as System.Text.Json gives it.</param>
/// <param name="HasDefaultValue">Whether it declares a default value (then the builder leaves it out).</param>
internal sealed record ConstructorParameterSpec(string Name, bool IsBound, bool HasDefaultValue);

/// <summary>One JSON property of an object.</summary>
/// <param name="ConstructorParameterIndex">The property's position in the chosen constructor, or -1 when it is set by an object initializer.</param>
internal sealed record PropertySpec(
    string ClrName,
    string JsonName,
    string? Description,
    ValueSpec Value,
    int ConstructorParameterIndex);

/// <summary>The shape of a value: a scalar, an object or an array of values.</summary>
/// <param name="FormatHint">For scalars whose JSON type does not say what the text or number must look like (dates, small integers...): the words the schema's description uses instead of the <c>format</c> and range keywords Parallel rejects.</param>
internal sealed record ValueSpec(
    ValueShape Shape,
    ScalarKind Scalar,
    bool IsNullable,
    string FullyQualifiedType,
    CollectionKind Collection,
    ValueSpec? Element,
    string? ObjectTypeKey,
    EquatableArray<EnumMemberSpec> EnumMembers,
    string? FormatHint);

/// <summary>An enum member and the string the schema and the wire use for it.</summary>
internal sealed record EnumMemberSpec(string ClrName, string JsonValue);

internal enum ValueShape
{
    Scalar,
    Object,
    Array,
}

internal enum ScalarKind
{
    None,
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Enum,
    DateOnly,
    TimeOnly,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    Guid,
    Uri,
    Char,
}

internal enum CollectionKind
{
    None,
    Array,
    List,
    IReadOnlyList,
    IList,
    ImmutableArray,
    IEnumerable,
    ICollection,
    IReadOnlyCollection,
    ISet,
    HashSet,
}
