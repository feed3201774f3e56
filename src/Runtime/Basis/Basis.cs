using System.Globalization;
using StructuredChat.Metadata;

namespace StructuredChat;

/// <summary>
/// The research basis of one object of type <typeparamref name="T"/> inside an answer. The generator adds one extension
/// property per property of <typeparamref name="T"/>: a <see cref="FieldBasis"/> for a value, a
/// <see cref="BasisList{TElement}"/> for a list, a nested <see cref="BasisNode{T}"/> for a nested object.
/// </summary>
/// <remarks>
/// The type has no public instance members of its own, so that every property name of <typeparamref name="T"/> is
/// reachable as <c>basis.Name</c>; what it knows beyond its properties is read through <see cref="ResearchBasis"/>
/// (<see cref="ResearchBasis.ForSelf{T}(BasisNode{T})"/>, <see cref="ResearchBasis.PathOf{T}(BasisNode{T})"/>).
/// </remarks>
/// <typeparam name="T">The type whose properties the basis is mapped onto.</typeparam>
public class BasisNode<T>
{
    private readonly ParallelObjectInfo _info;
    private readonly Dictionary<string, FieldBasis> _byPath;

    private protected BasisNode(ParallelObjectInfo info, string path, Dictionary<string, FieldBasis> byPath)
    {
        _info = info;
        PathInAnswer = path;
        _byPath = byPath;
    }

    internal string PathInAnswer { get; }

    internal FieldBasis? EntryForSelf => PathInAnswer.Length == 0 ? null : _byPath.GetValueOrDefault(PathInAnswer);

    internal FieldBasis? EntryAt(int index) => _byPath.GetValueOrDefault(ChildPath(index));

    internal BasisNode<TObject> ObjectAt<TObject>(int index) =>
        new BasisChild<TObject>(_info.Properties[index].Value.ObjectInfo!, ChildPath(index), _byPath);

    internal BasisList<TElement> ListAt<TElement>(int index) =>
        new(_info.Properties[index].Value.Element!, ChildPath(index), _byPath);

    private string ChildPath(int index) => PathInAnswer.Length == 0 ? _info.Properties[index].JsonName : PathInAnswer + "." + _info.Properties[index].JsonName;

    private sealed class BasisChild<TObject>(ParallelObjectInfo info, string path, Dictionary<string, FieldBasis> byPath)
        : BasisNode<TObject>(info, path, byPath);

    internal static BasisNode<TObject> CreateChild<TObject>(ParallelObjectInfo info, string path, Dictionary<string, FieldBasis> byPath) =>
        new BasisChild<TObject>(info, path, byPath);
}

/// <summary>
/// The research basis of a whole answer of type <typeparamref name="T"/>: per-property entries through generated
/// extension properties (<c>basis.Founded?.Citations</c>, <c>basis.Founders[0]?.Confidence</c>). Every entry as sent
/// is in <see cref="ResearchBasis.Entries{T}(Basis{T})"/>, and those whose path matches no property in
/// <see cref="ResearchBasis.Unmapped{T}(Basis{T})"/> (nothing is dropped).
/// </summary>
/// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
public sealed class Basis<T> : BasisNode<T>
    where T : IParallelResponse<T>
{
    private Basis(ParallelObjectInfo info, Dictionary<string, FieldBasis> byPath, IReadOnlyList<FieldBasis> entries, IReadOnlyList<FieldBasis> unmapped)
        : base(info, string.Empty, byPath)
    {
        AllEntries = entries;
        UnmappedEntries = unmapped;
    }

    internal IReadOnlyList<FieldBasis> AllEntries { get; }

    internal IReadOnlyList<FieldBasis> UnmappedEntries { get; }

    internal static Basis<T> EmptyBasis { get; } = CreateFrom([]);

    internal static Basis<T> CreateFrom(IReadOnlyList<FieldBasis> entries)
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

/// <summary>The research basis of a list property: each element by index (the list as a whole: <see cref="ResearchBasis.ForSelf{TElement}(BasisList{TElement})"/>).</summary>
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

    internal FieldBasis? EntryForSelf => _byPath.GetValueOrDefault(_path);

    /// <summary>The entry for element <paramref name="index"/> (<c>founders.0</c>); null when the basis has none (paths can be sparse).</summary>
    public FieldBasis? this[int index] => _byPath.GetValueOrDefault(ElementPath(index));

    /// <summary>The basis inside element <paramref name="index"/> of a list of objects (<c>founders.0.name</c>).</summary>
    /// <exception cref="InvalidOperationException">The elements are not objects.</exception>
    public BasisNode<TElement> Element(int index) => _element.ObjectInfo is { } info
        ? BasisNode<TElement>.CreateChild<TElement>(info, ElementPath(index), _byPath)
        : throw new InvalidOperationException($"The elements of '{_path}' are not objects; use the indexer for their basis.");

    private string ElementPath(int index) => _path + "." + index.ToString(CultureInfo.InvariantCulture);
}
