using System.ComponentModel;
using System.Text;
using StructuredChat.Streaming;

namespace StructuredChat.Metadata;

// Everything public in this namespace is for generated code, which lives in the user's assembly and so can only
// call public members (System.Text.Json's JsonMetadataServices is public for the same reason). What the runtime
// alone reads is internal; [EditorBrowsable(Never)] keeps the rest out of IntelliSense.

/// <summary>
/// For generated code; not meant to be used directly. The compile-time shape of a <see cref="ParallelResponseAttribute"/>
/// type, emitted by the source generator and read by the runtime's streaming reader and basis mapping (the role
/// <c>JsonTypeInfo&lt;T&gt;</c> plays for System.Text.Json).
/// </summary>
/// <typeparam name="T">The response type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ParallelTypeInfo<T>
{
    private readonly Func<PartialObject, T> _build;

    /// <summary>For generated code: the shape of <typeparamref name="T"/> and how to build it.</summary>
    /// <param name="root">The shape of the root object.</param>
    /// <param name="build">Builds the complete value from a complete partial object (generated; throws on missing values).</param>
    public ParallelTypeInfo(ParallelObjectInfo root, Func<PartialObject, T> build)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(build);
        Root = root;
        _build = build;
    }

    /// <summary>The shape of the root object.</summary>
    internal ParallelObjectInfo Root { get; }

    internal T Build(PartialObject partial) => _build(partial);
}

/// <summary>For generated code; not meant to be used directly. The shape of one object type: its JSON properties in schema order.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ParallelObjectInfo
{
    private readonly Func<ParallelObjectInfo, PartialContainer?, int, PartialObject> _create;
    private readonly ParallelPropertyInfo[] _properties;

    private ParallelObjectInfo(string typeName, ParallelPropertyInfo[] properties, Func<ParallelObjectInfo, PartialContainer?, int, PartialObject> create)
    {
        TypeName = typeName;
        _properties = properties;
        _create = create;
    }

    /// <summary>The C# type's name, for messages.</summary>
    internal string TypeName { get; }

    /// <summary>The JSON properties in schema order; a property's index is its slot in the partial object.</summary>
    internal IReadOnlyList<ParallelPropertyInfo> Properties => _properties;

    /// <summary>For generated code: describes the object type <typeparamref name="T"/>; its partial form is <see cref="Partial{T}"/>.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="typeName">The type's name, for messages.</param>
    /// <param name="properties">The JSON properties in schema order.</param>
    public static ParallelObjectInfo Create<T>(string typeName, params ParallelPropertyInfo[] properties) =>
        new(typeName, properties, static (info, parent, index) => new Partial<T>(info, parent, index));

    /// <summary>The index of the property with this UTF-8 JSON name, or -1.</summary>
    internal int IndexOf(ReadOnlySpan<byte> utf8Name)
    {
        for (var i = 0; i < _properties.Length; i++)
        {
            if (utf8Name.SequenceEqual(_properties[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the property with this JSON name, or -1.</summary>
    internal int IndexOf(string jsonName)
    {
        for (var i = 0; i < Properties.Count; i++)
        {
            if (string.Equals(Properties[i].JsonName, jsonName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal PartialObject CreatePartial(PartialContainer? parent, int indexInParent) => _create(this, parent, indexInParent);
}

/// <summary>For generated code; not meant to be used directly. One JSON property: its names and the shape of its value.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ParallelPropertyInfo
{
    /// <summary>For generated code: describes one property.</summary>
    /// <param name="jsonName">The JSON name.</param>
    /// <param name="clrName">The C# property name.</param>
    /// <param name="value">The value's shape.</param>
    public ParallelPropertyInfo(string jsonName, string clrName, ParallelValueInfo value)
    {
        JsonName = jsonName;
        ClrName = clrName;
        Value = value;
        Utf8Name = Encoding.UTF8.GetBytes(jsonName);
    }

    /// <summary>The JSON name.</summary>
    internal string JsonName { get; }

    /// <summary>The C# property name.</summary>
    internal string ClrName { get; }

    /// <summary>The value's shape.</summary>
    internal ParallelValueInfo Value { get; }

    internal byte[] Utf8Name { get; }
}

/// <summary>For generated code; not meant to be used directly. The shape of a value: its kind, nullability, and for objects, arrays and enums the details.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ParallelValueInfo
{
    private ParallelValueInfo(ParallelValueKind kind, bool isNullable, ParallelObjectInfo? objectInfo = null, ParallelValueInfo? element = null, ParallelEnumInfo? enumInfo = null)
    {
        Kind = kind;
        IsNullable = isNullable;
        ObjectInfo = objectInfo;
        Element = element;
        EnumInfo = enumInfo;
    }

    /// <summary>The kind of value.</summary>
    internal ParallelValueKind Kind { get; }

    /// <summary>Whether JSON <c>null</c> is allowed.</summary>
    internal bool IsNullable { get; }

    /// <summary>For <see cref="ParallelValueKind.Object"/>: the object's shape.</summary>
    internal ParallelObjectInfo? ObjectInfo { get; }

    /// <summary>For <see cref="ParallelValueKind.Array"/>: the elements' shape.</summary>
    internal ParallelValueInfo? Element { get; }

    /// <summary>For <see cref="ParallelValueKind.Enum"/>: the members.</summary>
    internal ParallelEnumInfo? EnumInfo { get; }

    /// <summary>For generated code: a string, number, boolean, date, time, <see cref="System.Guid"/> or <see cref="System.Uri"/>; for enums use <see cref="Enum"/>.</summary>
    /// <param name="kind">The scalar's kind (not <see cref="ParallelValueKind.Object"/>, <see cref="ParallelValueKind.Array"/> or <see cref="ParallelValueKind.Enum"/>).</param>
    /// <param name="isNullable">Whether JSON <c>null</c> is allowed.</param>
    public static ParallelValueInfo Scalar(ParallelValueKind kind, bool isNullable)
    {
        if (kind is ParallelValueKind.Object or ParallelValueKind.Array or ParallelValueKind.Enum)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Objects, arrays and enums have their own factories.");
        }

        return new(kind, isNullable);
    }

    /// <summary>For generated code: an enum written as one of its JSON strings.</summary>
    /// <param name="enumInfo">The members and their JSON strings.</param>
    /// <param name="isNullable">Whether JSON <c>null</c> is allowed.</param>
    public static ParallelValueInfo Enum(ParallelEnumInfo enumInfo, bool isNullable)
    {
        ArgumentNullException.ThrowIfNull(enumInfo);
        return new(ParallelValueKind.Enum, isNullable, enumInfo: enumInfo);
    }

    /// <summary>For generated code: a nested object.</summary>
    /// <param name="objectInfo">The object's shape.</param>
    /// <param name="isNullable">Whether JSON <c>null</c> is allowed.</param>
    public static ParallelValueInfo Object(ParallelObjectInfo objectInfo, bool isNullable)
    {
        ArgumentNullException.ThrowIfNull(objectInfo);
        return new(ParallelValueKind.Object, isNullable, objectInfo: objectInfo);
    }

    /// <summary>For generated code: an array, list or set.</summary>
    /// <param name="element">The elements' shape.</param>
    /// <param name="isNullable">Whether JSON <c>null</c> is allowed.</param>
    public static ParallelValueInfo Array(ParallelValueInfo element, bool isNullable)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new(ParallelValueKind.Array, isNullable, element: element);
    }
}

/// <summary>For generated code; not meant to be used directly. An enum's members and the JSON strings that stand for them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ParallelEnumInfo
{
    private readonly byte[][] _utf8Values;
    private readonly object[] _values;
    private readonly bool[] _isMemberName;

    private ParallelEnumInfo(string[] jsonValues, object[] values)
    {
        JsonValues = jsonValues;
        _values = values;
        _utf8Values = Array.ConvertAll(jsonValues, Encoding.UTF8.GetBytes);
        _isMemberName = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            _isMemberName[i] = string.Equals(values[i].ToString(), jsonValues[i], StringComparison.Ordinal);
        }
    }

    /// <summary>The JSON strings, in declaration order.</summary>
    internal IReadOnlyList<string> JsonValues { get; }

    /// <summary>For generated code: describes enum <typeparamref name="TEnum"/>: <paramref name="jsonValues"/>[i] stands for <paramref name="values"/>[i].</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="jsonValues">The JSON strings, in declaration order.</param>
    /// <param name="values">The members, in the same order.</param>
    public static ParallelEnumInfo Create<TEnum>(string[] jsonValues, TEnum[] values)
        where TEnum : struct, Enum
    {
        var boxed = new object[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            boxed[i] = values[i];
        }

        return new ParallelEnumInfo(jsonValues, boxed);
    }

    /// <summary>
    /// The boxed member for a JSON string: an exact match first, then, for members named as in C# (no
    /// <c>[JsonStringEnumMemberName]</c>), a case-insensitive one, as <c>JsonStringEnumConverter</c> reads; null when none matches.
    /// </summary>
    internal object? Find(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _utf8Values.Length; i++)
        {
            if (utf8.SequenceEqual(_utf8Values[i]))
            {
                return _values[i];
            }
        }

        var text = Encoding.UTF8.GetString(utf8);
        for (var i = 0; i < _utf8Values.Length; i++)
        {
            if (_isMemberName[i] && string.Equals(text, JsonValues[i], StringComparison.OrdinalIgnoreCase))
            {
                return _values[i];
            }
        }

        return null;
    }
}

/// <summary>For generated code; not meant to be used directly. The kinds of values a response type can hold.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum ParallelValueKind : byte
{
    /// <summary><see cref="string"/></summary>
    String,

    /// <summary><see cref="bool"/></summary>
    Boolean,

    /// <summary><see cref="byte"/></summary>
    Byte,

    /// <summary><see cref="sbyte"/></summary>
    SByte,

    /// <summary><see cref="short"/></summary>
    Int16,

    /// <summary><see cref="ushort"/></summary>
    UInt16,

    /// <summary><see cref="int"/></summary>
    Int32,

    /// <summary><see cref="uint"/></summary>
    UInt32,

    /// <summary><see cref="long"/></summary>
    Int64,

    /// <summary><see cref="ulong"/></summary>
    UInt64,

    /// <summary><see cref="float"/></summary>
    Single,

    /// <summary><see cref="double"/></summary>
    Double,

    /// <summary><see cref="decimal"/></summary>
    Decimal,

    /// <summary>An enum written as a string.</summary>
    Enum,

    /// <summary><see cref="System.DateOnly"/> as <c>yyyy-MM-dd</c>.</summary>
    DateOnly,

    /// <summary><see cref="System.TimeOnly"/>.</summary>
    TimeOnly,

    /// <summary><see cref="System.DateTime"/> in ISO 8601.</summary>
    DateTime,

    /// <summary><see cref="System.DateTimeOffset"/> in ISO 8601.</summary>
    DateTimeOffset,

    /// <summary><see cref="System.TimeSpan"/>.</summary>
    TimeSpan,

    /// <summary><see cref="System.Guid"/>.</summary>
    Guid,

    /// <summary><see cref="System.Uri"/>.</summary>
    Uri,

    /// <summary>A nested object.</summary>
    Object,

    /// <summary>An array or list.</summary>
    Array,

    /// <summary><see cref="char"/> as a one-character string (after <see cref="Array"/> so that the earlier values keep their numbers).</summary>
    Char,
}
