using System.Collections;
using System.ComponentModel;
using System.Text;
using StructuredChat.Metadata;

namespace StructuredChat.Streaming;

/// <summary>How far a value of a partial object has arrived.</summary>
public enum PartialValueState : byte
{
    /// <summary>Not seen yet.</summary>
    Missing = 0,

    /// <summary>Begun: a string, object or array that is still growing.</summary>
    Started = 1,

    /// <summary>Complete: it will not change any more.</summary>
    Complete = 2,
}

internal struct PartialSlot
{
    public PartialValueState State;

    // A PartialString, PartialObject, PartialArray, a boxed scalar, or null (JSON null when Complete).
    public object? Value;
}

/// <summary>An object or array that is being filled in while the answer streams.</summary>
public abstract class PartialContainer
{
    private protected PartialSlot[] _slots;
    private readonly PartialContainer? _parent;
    private readonly int _indexInParent;
    private string? _path;

    // The path is built only when someone asks for it (a change's Path, an error): most values never need it.
    private protected PartialContainer(PartialContainer? parent, int indexInParent, int capacity)
    {
        _parent = parent;
        _indexInParent = indexInParent;
        _slots = capacity == 0 ? [] : new PartialSlot[capacity];
    }

    /// <summary>The dot path of this value over JSON names (<c>founders.0</c>); empty for the root.</summary>
    public string JsonPath => _path ??= _parent is null ? string.Empty : _parent.ChildPath(_indexInParent);

    /// <summary>Whether the closing bracket has arrived.</summary>
    public bool IsComplete { get; internal set; }

    internal abstract int SlotCount { get; }

    internal ref PartialSlot Slot(int index) => ref _slots[index];

    internal abstract string ChildPath(int index);

    internal abstract string ChildDescription(int index);

    internal static string Join(string path, string name) => path.Length == 0 ? name : string.Concat(path, ".", name);
}

/// <summary>An object being filled in; typed access comes from <see cref="Partial{T}"/>'s generated extension properties.</summary>
public class PartialObject : PartialContainer
{
    internal PartialObject(ParallelObjectInfo info, PartialContainer? parent, int indexInParent)
        : base(parent, indexInParent, info.Properties.Count)
    {
        Info = info;
    }

    internal ParallelObjectInfo Info { get; }

    internal override int SlotCount => _slots.Length;

    /// <summary>How far the property with this JSON name has arrived.</summary>
    /// <exception cref="ArgumentException">The type has no property with that JSON name.</exception>
    public PartialValueState GetState(string jsonName)
    {
        var index = Info.IndexOf(jsonName);
        if (index < 0)
        {
            throw new ArgumentException($"'{Info.TypeName}' has no JSON property '{jsonName}'.", nameof(jsonName));
        }

        return _slots[index].State;
    }

    internal override string ChildPath(int index) => Join(JsonPath, Info.Properties[index].JsonName);

    internal override string ChildDescription(int index) => $"property '{ChildPath(index)}'";

    /// <summary>For generated accessors: the current text of a string property (grows while it streams).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? GetString(int index) => (_slots[index].Value as PartialString)?.Value;

    /// <summary>For generated accessors: a complete scalar value, or null until it is complete.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TValue? GetValue<TValue>(int index)
        where TValue : struct => _slots[index].Value is TValue value ? value : null;

    /// <summary>For generated accessors: a complete reference-type scalar value (such as a <see cref="Uri"/>), or null until it is complete.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TValue? GetReference<TValue>(int index)
        where TValue : class => _slots[index].Value as TValue;

    /// <summary>For generated accessors: a nested object, or null until it starts.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Partial<TObject>? GetObject<TObject>(int index) => _slots[index].Value as Partial<TObject>;

    /// <summary>For generated accessors: a list, or null until it starts.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public PartialList<TItem>? GetList<TItem>(int index) => _slots[index].Value is PartialArray array ? array.AsList<TItem>() : null;
}

/// <summary>
/// The partial form of <typeparamref name="T"/> while its JSON streams in: strings grow as characters arrive; numbers,
/// booleans, enums and dates appear once complete; nested objects and lists fill in the same way. The generator adds one
/// extension property per property of <typeparamref name="T"/> (<c>partial.Name</c>, <c>partial.Founders</c>).
/// </summary>
/// <typeparam name="T">The type being read.</typeparam>
public sealed class Partial<T> : PartialObject
{
    internal Partial(ParallelObjectInfo info, PartialContainer? parent, int indexInParent)
        : base(info, parent, indexInParent)
    {
    }
}

/// <summary>An array being filled in.</summary>
public sealed class PartialArray : PartialContainer
{
    private int _count;

    internal PartialArray(ParallelValueInfo element, PartialContainer parent, int indexInParent)
        : base(parent, indexInParent, 4)
    {
        Element = element;
    }

    internal ParallelValueInfo Element { get; }

    /// <summary>How many elements have arrived (the last one may still be growing).</summary>
    public int Count => _count;

    internal override int SlotCount => _count;

    internal int Add()
    {
        if (_count == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        return _count++;
    }

    internal void RemoveLast() => _slots[--_count] = default;

    internal override string ChildPath(int index) => Join(JsonPath, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal override string ChildDescription(int index) => $"element '{ChildPath(index)}'";

    internal object? ValueAt(int index) => _slots[index].Value;

    /// <summary>A typed view of this array, for a list nested in a list (<c>List&lt;List&lt;int&gt;&gt;</c>).</summary>
    /// <typeparam name="TItem">The element as seen while streaming (see <see cref="PartialList{TItem}"/>).</typeparam>
    public PartialList<TItem> AsList<TItem>() => _view as PartialList<TItem> ?? (PartialList<TItem>)(_view = new PartialList<TItem>(this));

    // The typed view handed out last, so that reading a list property while streaming does not allocate each time.
    private object? _view;
}

/// <summary>A read-only view of a list property while it streams in.</summary>
/// <typeparam name="TItem">
/// The element as seen while streaming: <c>string?</c> (growing text), a nullable scalar (present once complete),
/// a <see cref="Partial{T}"/>, or for a list of lists a <see cref="PartialArray"/> (see <see cref="PartialArray.AsList{TItem}"/>).
/// </typeparam>
public sealed class PartialList<TItem> : IReadOnlyList<TItem>
{
    private readonly PartialArray _array;

    internal PartialList(PartialArray array) => _array = array;

    /// <summary>How many elements have arrived.</summary>
    public int Count => _array.Count;

    /// <summary>Whether the closing bracket has arrived.</summary>
    public bool IsComplete => _array.IsComplete;

    /// <summary>The element at <paramref name="index"/> as it is now.</summary>
    public TItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_array.Count, nameof(index));
            var value = _array.ValueAt(index);
            return value switch
            {
                PartialString text => (TItem)(object)text.Value,
                _ => (TItem)value!,
            };
        }
    }

    /// <inheritdoc/>
    public IEnumerator<TItem> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A string value that grows as its characters arrive; decoded only when read.</summary>
internal sealed class PartialString
{
    private byte[] _utf8 = new byte[16];
    private int _length;
    private string? _cached;

    public string Value => _cached ??= Encoding.UTF8.GetString(_utf8, 0, _length);

    public void Append(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        if (_length + utf8.Length > _utf8.Length)
        {
            Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, _length + utf8.Length));
        }

        utf8.CopyTo(_utf8.AsSpan(_length));
        _length += utf8.Length;
        _cached = null;
    }
}
