using System.ComponentModel;
using System.Globalization;
using StructuredChat.Metadata;

namespace StructuredChat;

/// <summary>
/// The research basis of one object of type <typeparamref name="T"/> inside an answer. The generator adds one extension
/// property per property of <typeparamref name="T"/>: a <see cref="FieldBasis"/> for a value, a
/// <see cref="BasisList{TElement}"/> for a list, a nested <see cref="BasisNode{T}"/> for a nested object.
/// </summary>
/// <typeparam name="T">The type whose properties the basis is mapped onto.</typeparam>
public class BasisNode<T>
{
    private readonly ParallelObjectInfo _info;
    private readonly Dictionary<string, FieldBasis> _byPath;

    private protected BasisNode(ParallelObjectInfo info, string path, Dictionary<string, FieldBasis> byPath)
    {
        _info = info;
        BasisPath = path;
        _byPath = byPath;
    }

    /// <summary>The dot path of this object in the answer; empty for the root.</summary>
    public string BasisPath { get; }

    /// <summary>The basis entry for this object as a whole, if the answer has one (never for the root).</summary>
    public FieldBasis? BasisForSelf => BasisPath.Length == 0 ? null : _byPath.GetValueOrDefault(BasisPath);

    /// <summary>For generated accessors: the entry of the property at <paramref name="index"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public FieldBasis? Field(int index) => _byPath.GetValueOrDefault(ChildPath(index));

    /// <summary>For generated accessors: the basis of a nested object property.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public BasisNode<TObject> Object<TObject>(int index) =>
        new BasisChild<TObject>(_info.Properties[index].Value.ObjectInfo!, ChildPath(index), _byPath);

    /// <summary>For generated accessors: the basis of a list property.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public BasisList<TElement> List<TElement>(int index) =>
        new(_info.Properties[index].Value.Element!, ChildPath(index), _byPath);

    private string ChildPath(int index) => BasisPath.Length == 0 ? _info.Properties[index].JsonName : BasisPath + "." + _info.Properties[index].JsonName;

    private sealed class BasisChild<TObject>(ParallelObjectInfo info, string path, Dictionary<string, FieldBasis> byPath)
        : BasisNode<TObject>(info, path, byPath);

    internal static BasisNode<TObject> CreateChild<TObject>(ParallelObjectInfo info, string path, Dictionary<string, FieldBasis> byPath) =>
        new BasisChild<TObject>(info, path, byPath);
}

/// <summary>
/// The research basis of a whole answer of type <typeparamref name="T"/>: per-property entries through generated
/// extension properties (<c>basis.Founded?.Citations</c>, <c>basis.Founders[0]?.Confidence</c>), every entry as sent
/// in <see cref="Entries"/>, and the entries whose path matches no property in <see cref="Unmapped"/> (nothing is dropped).
/// </summary>
/// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
public sealed class Basis<T> : BasisNode<T>
    where T : IParallelResponse<T>
{
    private Basis(ParallelObjectInfo info, Dictionary<string, FieldBasis> byPath, IReadOnlyList<FieldBasis> entries, IReadOnlyList<FieldBasis> unmapped)
        : base(info, string.Empty, byPath)
    {
        Entries = entries;
        Unmapped = unmapped;
    }

    /// <summary>Every basis entry, in the order the server sent them.</summary>
    public IReadOnlyList<FieldBasis> Entries { get; }

    /// <summary>The entries whose <see cref="FieldBasis.Field"/> path matches no property of <typeparamref name="T"/>.</summary>
    public IReadOnlyList<FieldBasis> Unmapped { get; }

    /// <summary>An empty basis (the <c>speed</c> model sends none).</summary>
    public static Basis<T> Empty { get; } = Create([]);

    /// <summary>Maps basis entries, by their dot paths over JSON names, onto <typeparamref name="T"/>'s properties.</summary>
    /// <remarks>When two entries have the same path, the typed view shows the last; both stay in <see cref="Entries"/>.</remarks>
    public static Basis<T> Create(IReadOnlyList<FieldBasis> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var root = T.TypeInfo.Root;
        var byPath = new Dictionary<string, FieldBasis>(StringComparer.Ordinal);
        var unmapped = new List<FieldBasis>();
        foreach (var entry in entries)
        {
            if (Resolves(root, entry.Field))
            {
                byPath[entry.Field] = entry;
            }
            else
            {
                unmapped.Add(entry);
            }
        }

        return new Basis<T>(root, byPath, entries, unmapped);
    }

    /// <summary>Whether a dot path names a property, an element or a nested value of the type.</summary>
    private static bool Resolves(ParallelObjectInfo root, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        ParallelValueInfo? value = null;
        var obj = root;
        foreach (var segment in path.Split('.'))
        {
            if (obj is not null)
            {
                var index = obj.IndexOf(segment);
                if (index < 0)
                {
                    return false;
                }

                value = obj.Properties[index].Value;
            }
            else if (value?.Kind == ParallelValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                value = value.Element;
            }
            else
            {
                return false;
            }

            obj = value!.Kind == ParallelValueKind.Object ? value.ObjectInfo : null;
        }

        return true;
    }
}

/// <summary>The research basis of a list property: the list as a whole and each element by index.</summary>
/// <typeparam name="TElement">The element type (for <see cref="Element"/> on lists of objects).</typeparam>
public sealed class BasisList<TElement>
{
    private readonly ParallelValueInfo _element;
    private readonly string _path;
    private readonly Dictionary<string, FieldBasis> _byPath;

    internal BasisList(ParallelValueInfo element, string path, Dictionary<string, FieldBasis> byPath)
    {
        _element = element;
        _path = path;
        _byPath = byPath;
    }

    /// <summary>The entry for the list as a whole (<c>founders</c>), if any.</summary>
    public FieldBasis? BasisForSelf => _byPath.GetValueOrDefault(_path);

    /// <summary>The entry for element <paramref name="index"/> (<c>founders.0</c>); null when the basis has none (paths can be sparse).</summary>
    public FieldBasis? this[int index] => _byPath.GetValueOrDefault(ElementPath(index));

    /// <summary>The basis inside element <paramref name="index"/> of a list of objects (<c>founders.0.name</c>).</summary>
    /// <exception cref="InvalidOperationException">The elements are not objects.</exception>
    public BasisNode<TElement> Element(int index) => _element.ObjectInfo is { } info
        ? BasisNode<TElement>.CreateChild<TElement>(info, ElementPath(index), _byPath)
        : throw new InvalidOperationException($"The elements of '{_path}' are not objects; use the indexer for their basis.");

    private string ElementPath(int index) => _path + "." + index.ToString(CultureInfo.InvariantCulture);
}
