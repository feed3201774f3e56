namespace StructuredChat.Generator.Tests.Generation;

/// <summary>The scalar types a property can have (each also in its nullable form).</summary>
internal static class Scalars
{
    public static readonly Type[] All =
        [typeof(string), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long),
         typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(DateOnly), typeof(TimeOnly), typeof(DateTime),
         typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(Uri), typeof(char)];
}

/// <summary>The collection forms a list property can be declared with.</summary>
internal enum CollectionForm
{
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

/// <summary>How a declared object type is written.</summary>
internal enum ObjectKind
{
    /// <summary><c>record R(int A, ...)</c>, more members possibly in the body.</summary>
    PositionalRecord,

    /// <summary><c>record R { public int A { get; init; } }</c>.</summary>
    Record,

    /// <summary><c>record struct R(int A)</c>.</summary>
    PositionalRecordStruct,

    /// <summary><c>record struct R { ... }</c>.</summary>
    RecordStruct,

    /// <summary><c>class C { public int A { get; set; } }</c>.</summary>
    Class,

    /// <summary><c>class C(int a) { public int A { get; } = a; }</c>.</summary>
    PrimaryConstructorClass,

    /// <summary>A class with a parameterless constructor and a <c>[JsonConstructor]</c> one that sets get-only properties.</summary>
    JsonConstructorClass,

    /// <summary>A class whose required properties are set by a <c>[SetsRequiredMembers]</c> constructor.</summary>
    SetsRequiredMembersClass,
}

/// <summary>How one member is declared.</summary>
internal enum MemberStyle
{
    /// <summary>A parameter of the record's or class's constructor (positional record, primary or explicit constructor).</summary>
    Parameter,

    /// <summary><c>{ get; init; }</c>.</summary>
    Init,

    /// <summary><c>required ... { get; init; }</c>.</summary>
    Required,

    /// <summary><c>{ get; set; }</c>.</summary>
    Settable,

    /// <summary>An expression-bodied get-only property: not part of the answer.</summary>
    Computed,

    /// <summary><c>[JsonIgnore]</c> on an init property with an initializer.</summary>
    IgnoredProperty,

    /// <summary>A positional parameter with <c>[property: JsonIgnore]</c> and a default value.</summary>
    IgnoredParameterWithDefault,

    /// <summary>A positional parameter with <c>[property: JsonIgnore]</c> and no default value.</summary>
    IgnoredParameter,
}

/// <summary>The type of a property as the test knows it, to write its C# and a JSON value for it.</summary>
internal abstract record ValueModel(bool Nullable)
{
    /// <summary>The type as written in the user's source (fully qualified).</summary>
    public abstract string CSharp { get; }

    /// <summary>How many object and array levels the value adds to the schema.</summary>
    public abstract int Depth { get; }

    protected string Suffix => Nullable ? "?" : string.Empty;
}

internal sealed record ScalarValue(Type Type, bool Nullable) : ValueModel(Nullable)
{
    // Written by full name (global::System.Int32), which the generator must treat as the keyword form.
    public override string CSharp => "global::" + Type.FullName + Suffix;

    public override int Depth => 0;
}

internal sealed record EnumValue(EnumDeclaration Declaration, bool Nullable) : ValueModel(Nullable)
{
    public override string CSharp => Declaration.FullName + Suffix;

    public override int Depth => 0;
}

internal sealed record ObjectValue(ObjectDeclaration Declaration, bool Nullable) : ValueModel(Nullable)
{
    public override string CSharp => Declaration.FullName + Suffix;

    public override int Depth => 1 + Declaration.Depth;
}

internal sealed record ListValue(CollectionForm Form, ValueModel Element, bool Nullable) : ValueModel(Nullable)
{
    public override string CSharp => Form switch
    {
        CollectionForm.Array => Element.CSharp + "[]",
        CollectionForm.ImmutableArray => "global::System.Collections.Immutable.ImmutableArray<" + Element.CSharp + ">",
        CollectionForm.HashSet => "global::System.Collections.Generic.HashSet<" + Element.CSharp + ">",
        CollectionForm.List => "global::System.Collections.Generic.List<" + Element.CSharp + ">",
        _ => "global::System.Collections.Generic." + Form + "<" + Element.CSharp + ">",
    } + Suffix;

    public override int Depth => 1 + Element.Depth;
}

/// <summary>A type the generator must refuse with <see cref="ExpectedId"/> (a dictionary, <c>object</c>...).</summary>
internal sealed record RefusedValue(string Written, string ExpectedId) : ValueModel(false)
{
    public override string CSharp => Written;

    public override int Depth => 0;
}

internal sealed record EnumDeclaration(string FullName, string Name, IReadOnlyList<(string Member, string? JsonName)> Members);

/// <summary>One property of a declared object type.</summary>
/// <param name="Name">The C# name without <c>@</c>.</param>
/// <param name="Escaped">Whether the name is a keyword and is written <c>@name</c>.</param>
/// <param name="Value">The property's type.</param>
/// <param name="Style">How it is declared.</param>
/// <param name="JsonName">An explicit <c>[JsonPropertyName]</c>, or null for the naming policy's name.</param>
/// <param name="HidesObjectMember">The name is one of <c>object</c>'s methods: declared with <c>new</c>.</param>
internal sealed record MemberDeclaration(string Name, bool Escaped, ValueModel Value, MemberStyle Style, string? JsonName, bool HidesObjectMember)
{
    public string Identifier => Escaped ? "@" + Name : Name;

    /// <summary>Whether the property is part of the answer (in the schema and the JSON).</summary>
    public bool InAnswer => Style is not (MemberStyle.Computed or MemberStyle.IgnoredProperty or MemberStyle.IgnoredParameter or MemberStyle.IgnoredParameterWithDefault);

    /// <summary>Whether the value is set by the constructor.</summary>
    public bool IsParameter => Style is MemberStyle.Parameter or MemberStyle.IgnoredParameter or MemberStyle.IgnoredParameterWithDefault;
}

/// <summary>A record, class or record struct declared by a generated source file.</summary>
internal sealed class ObjectDeclaration
{
    public required string Name { get; init; }

    /// <summary>The fully qualified name as written in C# (<c>global::Gen.N1.R1.Item2</c>).</summary>
    public required string FullName { get; init; }

    public required ObjectKind Kind { get; init; }

    public List<MemberDeclaration> Members { get; } = [];

    /// <summary>A base type declared in the same file whose members this type inherits.</summary>
    public ObjectDeclaration? Base { get; init; }

    /// <summary>Object types declared inside this one.</summary>
    public List<ObjectDeclaration> NestedTypes { get; } = [];

    public bool IsStruct => Kind is ObjectKind.PositionalRecordStruct or ObjectKind.RecordStruct;

    public bool IsRecord => Kind is ObjectKind.PositionalRecord or ObjectKind.Record or ObjectKind.PositionalRecordStruct or ObjectKind.RecordStruct;

    /// <summary>Every member, inherited ones first (as System.Text.Json and the generator order them).</summary>
    public IEnumerable<MemberDeclaration> AllMembers => (Base?.AllMembers ?? []).Concat(Members);

    public int Depth => AllMembers.Where(m => m.InAnswer).Select(m => m.Value.Depth).DefaultIfEmpty(0).Max();
}

/// <summary>Why a generated type must be refused, and by which diagnostic.</summary>
internal enum Refusal
{
    None,
    UnsupportedType,
    Recursive,
    DuplicateJsonName,
    InvalidSchemaName,
    TooDeep,
    TooManyProperties,
    Generic,
    NotPartial,
    Abstract,
}

/// <summary>Where the <c>[ParallelResponse]</c> type is declared.</summary>
internal enum Placement
{
    Namespace,
    GlobalNamespace,
    NestedPublic,
    NestedPrivate,
}

/// <summary>One generated test case: a source file with one <c>[ParallelResponse]</c> type and what must happen to it.</summary>
internal sealed class GeneratedType
{
    public required int Index { get; init; }

    public required ObjectDeclaration Root { get; init; }

    public required Placement Placement { get; init; }

    /// <summary><c>SnakeCaseLower</c>, <c>CamelCase</c> or <c>AsWritten</c>.</summary>
    public required string NamingPolicy { get; init; }

    public required Refusal Refusal { get; init; }

    public required string Source { get; init; }

    /// <summary>The metadata name to find the root type by reflection (<c>Gen.N1.Host1+R1</c>).</summary>
    public required string MetadataName { get; init; }

    /// <summary>Every object type reachable from the root, the root first.</summary>
    public required IReadOnlyList<ObjectDeclaration> Objects { get; init; }

    public string? ExpectedDiagnostic => Refusal switch
    {
        Refusal.None => null,
        Refusal.UnsupportedType => "SCHAT002",
        Refusal.Recursive => "SCHAT003",
        Refusal.DuplicateJsonName => "SCHAT004",
        Refusal.InvalidSchemaName => "SCHAT005",
        Refusal.TooDeep => "SCHAT006",
        Refusal.TooManyProperties => "SCHAT007",
        Refusal.Generic => "SCHAT010",
        Refusal.NotPartial => "SCHAT001",
        Refusal.Abstract => "SCHAT014",
        _ => throw new ArgumentOutOfRangeException(nameof(Refusal)),
    };
}
