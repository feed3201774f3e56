using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp;

namespace StructuredChat.Generator.Tests.Generation;

/// <summary>
/// Makes one random <c>[ParallelResponse]</c> type and writes its source file. The random choices come only from the
/// <see cref="Random"/> given, so a type is reproduced from the run's seed and its index.
/// </summary>
internal sealed class TypeFactory
{
    private static readonly string[] PlainNames =
    [
        "Name", "Title", "Value", "Count", "Headline", "FoundedYear", "URLValue", "IOStream", "HTTPServer2", "Id", "ID", "X",
        "Score", "Summary", "KeyPeople", "Revenue", "IsPublic", "Tags", "Notes", "Ratio", "Start", "End", "Kind", "Website",
        "ÉtéCafé", "Name2Value", "already_snake", "_leading", "Double__Underscore", "camelCase", "A", "b", "reasoning",
    ];

    private static readonly string[] Keywords =
    [
        "class", "event", "int", "string", "namespace", "return", "base", "this", "object", "default", "operator", "fixed",
        "in", "out", "ref", "params", "checked", "lock", "new", "null", "true", "false", "void", "static", "public",
        "readonly", "if", "for", "while", "struct", "enum", "delegate", "interface", "abstract", "virtual", "sizeof",
    ];

    private static readonly string[] ContextualKeywords =
    [
        "value", "var", "async", "await", "record", "partial", "get", "set", "init", "required", "field", "extension",
        "scoped", "nameof", "dynamic", "file", "global", "when", "with", "select", "from", "let", "allows", "notnull",
    ];

    private static readonly string[] ExplicitJsonNames =
    [
        "custom_name", "with space", "dash-name", "ünï", "UPPER", "a.b", "$id", "x", "quote\"d", "back\\slash", "emoji😀",
    ];

    private static readonly string[] EnumMembers = ["Small", "Medium", "Large", "Red", "Green", "Unknown", "A", "B"];

    private readonly Random _random;
    private readonly int _index;
    private readonly string _namespace;
    private readonly List<ObjectDeclaration> _objects = [];
    private readonly List<EnumDeclaration> _enums = [];
    private readonly StringBuilder _declarations = new();
    private int _propertyCount;
    private int _typeCounter;
    private string _rootName = string.Empty;
    private Refusal _refusal;

    private TypeFactory(Random random, int index, Placement placement)
    {
        _random = random;
        _index = index;
        _namespace = placement == Placement.GlobalNamespace ? string.Empty : "Gen.N" + index;
    }

    private string Prefix => _namespace.Length == 0 ? "global::" : "global::" + _namespace + ".";

    /// <summary>Makes test case <paramref name="index"/> from its own random sequence.</summary>
    public static GeneratedType Create(int seed, int index)
    {
        var random = new Random(unchecked((seed * 31) + index));
        var placement = Pick(random, [Placement.Namespace, Placement.Namespace, Placement.Namespace, Placement.GlobalNamespace, Placement.NestedPublic, Placement.NestedPrivate]);
        return new TypeFactory(random, index, placement).Build(placement);
    }

    private GeneratedType Build(Placement placement)
    {
        var refusal = _random.Next(8) == 0 ? Pick(_random, Enum.GetValues<Refusal>().Where(r => r != Refusal.None).ToArray()) : Refusal.None;
        _refusal = refusal;
        var policy = Pick(_random, ["SnakeCaseLower", "SnakeCaseLower", "CamelCase", "AsWritten"]);
        var rootName = (placement == Placement.GlobalNamespace ? "Global" : "R") + _index;
        _rootName = rootName;
        var host = "Host" + _index;
        var rootFull = placement switch
        {
            Placement.NestedPublic or Placement.NestedPrivate => Prefix + host + "." + rootName,
            _ => Prefix + rootName,
        };
        var kind = refusal == Refusal.Generic ? ObjectKind.PositionalRecord : PickKind(allowStruct: refusal is not (Refusal.Abstract));
        var root = new ObjectDeclaration { Name = rootName, FullName = rootFull, Kind = kind, Base = MaybeBase(kind, rootName) };
        _objects.Add(root);
        FillMembers(root, depth: 0, count: _random.Next(1, 8));
        Refuse(root, refusal);
        PutDefaultsLast(root);

        var source = new StringBuilder();
        source.AppendLine("#nullable enable");
        source.AppendLine("#pragma warning disable CS8618, CS0108, CS0109, CS0114");
        if (_namespace.Length > 0)
        {
            source.AppendLine("namespace " + _namespace + ";");
        }

        source.Append(_declarations);
        var attribute = "[global::StructuredChat.ParallelResponse(NamingPolicy = global::StructuredChat.ParallelNamingPolicy." + policy
            + (refusal == Refusal.InvalidSchemaName ? ", Name = \"not a valid name\"" : string.Empty) + ")]";
        var rootSource = WriteObject(root, attribute, refusal, placement == Placement.NestedPrivate ? "private" : "public");
        switch (placement)
        {
            case Placement.NestedPublic:
                source.AppendLine("public static partial class " + host + "\n{\n" + Indent(rootSource) + "}");
                break;
            case Placement.NestedPrivate:
                source.AppendLine("public partial class " + host + "\n{\n" + Indent(rootSource) + "}");
                break;
            default:
                source.Append(rootSource);
                break;
        }

        var metadataName = (_namespace.Length == 0 ? string.Empty : _namespace + ".")
            + (placement is Placement.NestedPublic or Placement.NestedPrivate ? host + "+" : string.Empty)
            + rootName + (refusal == Refusal.Generic ? "`1" : string.Empty);
        return new GeneratedType
        {
            Index = _index,
            Root = root,
            Placement = placement,
            NamingPolicy = policy,
            Refusal = refusal,
            Source = source.ToString(),
            MetadataName = metadataName,
            Objects = _objects,
        };
    }

    private static string Indent(string text) => string.Concat(text.Split('\n').Select(l => l.Length == 0 ? "\n" : "    " + l + "\n")).TrimEnd('\n', ' ') + "\n";

    private ObjectKind PickKind(bool allowStruct)
    {
        var kinds = Enum.GetValues<ObjectKind>().Where(k => allowStruct || k is not (ObjectKind.PositionalRecordStruct or ObjectKind.RecordStruct)).ToArray();
        return Pick(_random, kinds);
    }

    /// <summary>Sometimes a base type (declared before the type) whose properties the type inherits.</summary>
    private ObjectDeclaration? MaybeBase(ObjectKind kind, string derivedName)
    {
        if (_random.Next(5) != 0 || kind is not (ObjectKind.PositionalRecord or ObjectKind.Record or ObjectKind.Class))
        {
            return null;
        }

        var baseKind = kind == ObjectKind.Class ? ObjectKind.Class : ObjectKind.Record;
        var name = derivedName + "Base";
        var declaration = new ObjectDeclaration { Name = name, FullName = Prefix + name, Kind = baseKind };
        FillMembers(declaration, depth: 0, count: _random.Next(1, 3));
        _declarations.Append(WriteObject(declaration, attribute: null, Refusal.None));
        return declaration;
    }

    private void FillMembers(ObjectDeclaration declaration, int depth, int count)
    {
        var taken = new HashSet<string>(declaration.Base?.AllMembers.SelectMany(m => NamesOf(m)) ?? [], StringComparer.OrdinalIgnoreCase) { declaration.Name };
        for (var i = 0; i < count; i++)
        {
            var (name, escaped) = PickName(declaration);
            var style = PickStyle(declaration.Kind);
            var value = style is MemberStyle.IgnoredProperty or MemberStyle.IgnoredParameter or MemberStyle.IgnoredParameterWithDefault or MemberStyle.Computed
                ? IgnorableValue()
                : PickValue(depth, declaration);
            var jsonName = style is MemberStyle.Computed || _random.Next(6) != 0 ? null : Pick(_random, ExplicitJsonNames);
            var member = new MemberDeclaration(name, escaped, value, style, jsonName, RuntimeNames.ObjectMembers.Contains(name));
            if (NamesOf(member).Any(taken.Contains))
            {
                continue;
            }

            taken.UnionWith(NamesOf(member));
            declaration.Members.Add(member);
            _propertyCount++;
        }

        PutDefaultsLast(declaration);
    }

    // Positional parameters with a default value must come last.
    private static void PutDefaultsLast(ObjectDeclaration declaration)
    {
        var ordered = declaration.Members.OrderBy(m => m.Style == MemberStyle.IgnoredParameterWithDefault ? 1 : 0).ToList();
        declaration.Members.Clear();
        declaration.Members.AddRange(ordered);
    }

    // The C# name and every JSON name the property could get, all of which must differ from the other properties'
    // (case-insensitively, as constructor parameters are matched).
    private static IEnumerable<string> NamesOf(MemberDeclaration member) =>
        [member.Name, member.JsonName ?? member.Name, JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name), JsonNamingPolicy.CamelCase.ConvertName(member.Name)];

    private (string Name, bool Escaped) PickName(ObjectDeclaration declaration)
    {
        while (true)
        {
            var roll = _random.Next(10);
            var name = roll switch
            {
                < 4 => Pick(_random, PlainNames) + (_random.Next(3) == 0 ? _random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty),
                < 5 => Pick(_random, Keywords),
                < 6 => Pick(_random, ContextualKeywords),
                _ => Pick(_random, RuntimeNames.All),
            };

            // A record declares Equals, GetHashCode, ToString and Deconstruct itself; a class can hide object's members with 'new'.
            if (declaration.IsRecord && (RuntimeNames.ObjectMembers.Contains(name) || name is "Deconstruct" or "ReferenceEquals"))
            {
                continue;
            }

            // A primary constructor parameter named like a property of another type would be captured, not an issue;
            // a member named like its type is not allowed in C#.
            if (name == declaration.Name)
            {
                continue;
            }

            return (name, SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None);
        }
    }

    private MemberStyle PickStyle(ObjectKind kind)
    {
        var styles = new List<MemberStyle>();
        switch (kind)
        {
            case ObjectKind.PositionalRecord or ObjectKind.PositionalRecordStruct:
                styles.AddRange([MemberStyle.Parameter, MemberStyle.Parameter, MemberStyle.Parameter, MemberStyle.Init]);
                if (Shapes.IgnoredParameterWithoutDefault)
                {
                    styles.Add(MemberStyle.IgnoredParameter);
                }

                if (Shapes.IgnoredParameterWithDefault)
                {
                    styles.Add(MemberStyle.IgnoredParameterWithDefault);
                }

                break;
            case ObjectKind.PrimaryConstructorClass or ObjectKind.JsonConstructorClass:
                styles.AddRange([MemberStyle.Parameter, MemberStyle.Parameter, MemberStyle.Settable]);
                break;
            case ObjectKind.SetsRequiredMembersClass:
                styles.AddRange([MemberStyle.Required, MemberStyle.Required, MemberStyle.Settable]);
                break;
            default:
                styles.AddRange([MemberStyle.Init, MemberStyle.Required, MemberStyle.Settable]);
                break;
        }

        styles.Add(MemberStyle.IgnoredProperty);
        if (Shapes.ComputedProperties)
        {
            styles.Add(MemberStyle.Computed);
        }

        return Pick(_random, styles.ToArray());
    }

    /// <summary>A value whose equality is checked directly, for a property that is not part of the answer.</summary>
    private ScalarValue IgnorableValue() =>
        new(Pick(_random, [typeof(string), typeof(int), typeof(bool), typeof(double)]), _random.Next(2) == 0);

    private ValueModel PickValue(int depth, ObjectDeclaration owner)
    {
        var nullable = _random.Next(3) == 0;
        var roll = _random.Next(20);
        if (roll < 11 || depth >= 3 || _propertyCount > 40)
        {
            return roll < 2 ? new EnumValue(PickEnum(), nullable) : new ScalarValue(PickScalar(), nullable);
        }

        if (roll < 15)
        {
            return new ObjectValue(DeclareObject(depth + 1, owner), nullable);
        }

        var form = PickForm();
        var element = PickValue(depth + 1, owner);

        // byte[] is a base64 string to System.Text.Json and refused by the generator (see the refused types).
        return element is ScalarValue { Type: var type } && type == typeof(byte) && form == CollectionForm.Array
            ? new ListValue(CollectionForm.List, element, nullable)
            : new ListValue(form, element, nullable);
    }

    private Type PickScalar()
    {
        var types = Scalars.All.Where(t => t != typeof(char) || Shapes.Char).ToArray();
        return Pick(_random, types);
    }

    private CollectionForm PickForm()
    {
        var forms = Enum.GetValues<CollectionForm>()
            .Where(f => f switch
            {
                CollectionForm.IEnumerable or CollectionForm.ICollection or CollectionForm.IReadOnlyCollection => Shapes.CollectionInterfaces,
                CollectionForm.ISet or CollectionForm.HashSet => Shapes.Sets,
                _ => true,
            })
            .ToArray();
        return Pick(_random, forms);
    }

    private EnumDeclaration PickEnum()
    {
        if (_enums.Count > 0 && _random.Next(2) == 0)
        {
            return Pick(_random, _enums.ToArray());
        }

        // Named after the root: types in the global namespace share it across files.
        var name = _rootName + "Kind" + _enums.Count;
        var members = EnumMembers.OrderBy(_ => _random.Next()).Take(_random.Next(1, 5))
            .Select(m => (m, _random.Next(4) == 0 ? m.ToLowerInvariant() + "-value" : (string?)null))
            .ToList();
        var declaration = new EnumDeclaration(Prefix + name, name, members);
        _enums.Add(declaration);
        _declarations.Append("public enum ").Append(name).Append(" { ")
            .AppendJoin(", ", members.Select(m => (m.Item2 is null ? string.Empty : "[global::System.Text.Json.Serialization.JsonStringEnumMemberName(\"" + m.Item2 + "\")] ") + m.m))
            .AppendLine(" }");
        return declaration;
    }

    /// <summary>A nested object type: at namespace level (sometimes named like the property's own type) or inside its owner.</summary>
    private ObjectDeclaration DeclareObject(int depth, ObjectDeclaration owner)
    {
        var name = owner.Name + "Item" + _typeCounter++;
        // A generic type's nested types would need its type argument to be named.
        var inside = _random.Next(3) == 0 && _refusal != Refusal.Generic;
        var declaration = new ObjectDeclaration
        {
            Name = name,
            FullName = inside ? owner.FullName + "." + name : Prefix + name,
            Kind = PickKind(allowStruct: true),
        };
        _objects.Add(declaration);
        FillMembers(declaration, depth, _random.Next(1, 4));
        if (inside)
        {
            owner.NestedTypes.Add(declaration);
        }
        else
        {
            _declarations.Append(WriteObject(declaration, attribute: null, Refusal.None));
        }

        return declaration;
    }

    /// <summary>Gives the root the one defect it must be refused for.</summary>
    private void Refuse(ObjectDeclaration root, Refusal refusal)
    {
        var style = root.Kind is ObjectKind.PositionalRecord or ObjectKind.PositionalRecordStruct or ObjectKind.PrimaryConstructorClass or ObjectKind.JsonConstructorClass
            ? MemberStyle.Parameter
            : root.Kind == ObjectKind.SetsRequiredMembersClass ? MemberStyle.Required : MemberStyle.Init;
        switch (refusal)
        {
            case Refusal.UnsupportedType:
                var unsupported = Pick(_random, ["global::System.Collections.Generic.Dictionary<string, int>", "object", "global::System.IO.Stream", "(int, string)", "global::System.Text.Json.JsonElement", "global::System.Collections.Generic.Queue<int>", "nint", "byte[]"]);
                root.Members.Insert(0, new MemberDeclaration("Unsupported", false, new RefusedValue(unsupported, "SCHAT002"), style, null, false));
                break;
            case Refusal.Recursive:
                var node = new ObjectDeclaration { Name = root.Name + "Node", FullName = Prefix + root.Name + "Node", Kind = ObjectKind.Record };
                node.Members.Add(new MemberDeclaration("Label", false, new ScalarValue(typeof(string), false), MemberStyle.Init, null, false));
                node.Members.Add(new MemberDeclaration("Next", false, new ObjectValue(node, true), MemberStyle.Init, null, false));
                _declarations.Append(WriteObject(node, attribute: null, Refusal.None));
                root.Members.Insert(0, new MemberDeclaration("Chain", false, new ObjectValue(node, false), style, null, false));
                break;
            case Refusal.DuplicateJsonName:
                root.Members.Insert(0, new MemberDeclaration("First", false, new ScalarValue(typeof(string), false), style, "same", false));
                root.Members.Insert(0, new MemberDeclaration("Second", false, new ScalarValue(typeof(int), false), style, "same", false));
                break;
            case Refusal.TooDeep:
                ValueModel deep = new ScalarValue(typeof(int), false);
                for (var i = 0; i < 6; i++)
                {
                    deep = new ListValue(CollectionForm.List, deep, false);
                }

                root.Members.Insert(0, new MemberDeclaration("Deep", false, deep, style, null, false));
                break;
            case Refusal.TooManyProperties:
                for (var i = 0; i < 101; i++)
                {
                    root.Members.Add(new MemberDeclaration("Many" + i, false, new ScalarValue(typeof(int), false), style, null, false));
                }

                break;
        }
    }

    /// <summary>Writes a declaration; nested object types declared inside it are written inside it.</summary>
    private static string WriteObject(ObjectDeclaration declaration, string? attribute, Refusal refusal, string accessibility = "public")
    {
        var members = declaration.Members;
        var parameters = members.Where(m => m.IsParameter).ToList();
        var text = new StringBuilder();
        if (attribute is not null)
        {
            text.AppendLine(attribute);
        }

        var modifiers = accessibility + " " + (refusal == Refusal.Abstract ? "abstract " : string.Empty) + (refusal == Refusal.NotPartial || attribute is null ? string.Empty : "partial ");
        var keyword = declaration.Kind switch
        {
            ObjectKind.PositionalRecord or ObjectKind.Record => "record",
            ObjectKind.PositionalRecordStruct or ObjectKind.RecordStruct => "record struct",
            _ => "class",
        };
        text.Append(modifiers).Append(keyword).Append(' ').Append(declaration.Name);
        if (refusal == Refusal.Generic)
        {
            text.Append("<TValue>");
        }

        var positional = declaration.Kind is ObjectKind.PositionalRecord or ObjectKind.PositionalRecordStruct;
        if (positional || declaration.Kind == ObjectKind.PrimaryConstructorClass)
        {
            // Base types are written with init and settable properties only, so the base constructor takes no arguments.
            text.Append('(').AppendJoin(", ", parameters.Select(p => WriteParameter(p, positional))).Append(')');
            if (declaration.Base is not null)
            {
                text.Append(" : ").Append(declaration.Base.FullName).Append("()");
            }
        }
        else if (declaration.Base is not null)
        {
            text.Append(" : ").Append(declaration.Base.FullName);
        }

        text.AppendLine();
        text.AppendLine("{");
        if (declaration.Kind == ObjectKind.JsonConstructorClass)
        {
            if (parameters.Count > 0)
            {
                text.AppendLine("    public " + declaration.Name + "() { }");
            }

            text.AppendLine("    [global::System.Text.Json.Serialization.JsonConstructor]");
            text.Append("    public ").Append(declaration.Name).Append('(').AppendJoin(", ", parameters.Select(p => WriteParameter(p, property: false))).Append(") { ")
                .AppendJoin(" ", parameters.Select(p => "this." + p.Identifier + " = @" + p.Name + ";")).AppendLine(" }");
        }
        else if (declaration.Kind == ObjectKind.RecordStruct)
        {
            // A struct with property initializers must declare a constructor.
            text.AppendLine("    public " + declaration.Name + "() { }");
        }
        else if (declaration.Kind == ObjectKind.SetsRequiredMembersClass)
        {
            var required = members.Where(m => m.Style == MemberStyle.Required).ToList();
            text.AppendLine("    [global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
            text.Append("    public ").Append(declaration.Name).Append('(').AppendJoin(", ", required.Select(p => p.Value.CSharp + " @" + p.Name)).Append(") { ")
                .AppendJoin(" ", required.Select(p => "this." + p.Identifier + " = @" + p.Name + ";")).AppendLine(" }");
        }

        foreach (var member in members)
        {
            var line = WriteMember(declaration, member);
            if (line is not null)
            {
                text.Append("    ").AppendLine(line);
            }
        }

        foreach (var nested in declaration.NestedTypes)
        {
            text.Append(Indent(WriteObject(nested, attribute: null, Refusal.None)));
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static string WriteParameter(MemberDeclaration member, bool property)
    {
        var attributes = new StringBuilder();
        if (property && member.JsonName is not null)
        {
            attributes.Append("[property: global::System.Text.Json.Serialization.JsonPropertyName(").Append(Literal(member.JsonName)).Append(")] ");
        }

        if (property && member.Style is MemberStyle.IgnoredParameter or MemberStyle.IgnoredParameterWithDefault)
        {
            attributes.Append("[property: global::System.Text.Json.Serialization.JsonIgnore] ");
        }

        var name = property ? member.Identifier : "@" + member.Name;
        var defaultValue = member.Style == MemberStyle.IgnoredParameterWithDefault ? " = " + DefaultLiteral((ScalarValue)member.Value) : string.Empty;
        return attributes + member.Value.CSharp + " " + name + defaultValue;
    }

    private static string? WriteMember(ObjectDeclaration declaration, MemberDeclaration member)
    {
        var positional = declaration.Kind is ObjectKind.PositionalRecord or ObjectKind.PositionalRecordStruct;
        if (member.IsParameter && positional)
        {
            return null;
        }

        var attributes = member.JsonName is null ? string.Empty : "[global::System.Text.Json.Serialization.JsonPropertyName(" + Literal(member.JsonName) + ")] ";
        var modifiers = "public " + (member.HidesObjectMember ? "new " : string.Empty);
        var head = attributes + modifiers + (member.Style == MemberStyle.Required ? "required " : string.Empty) + member.Value.CSharp + " " + member.Identifier;
        return member.Style switch
        {
            MemberStyle.Parameter when declaration.Kind == ObjectKind.PrimaryConstructorClass => head + " { get; } = @" + member.Name + ";",
            MemberStyle.Parameter => head + " { get; }",
            MemberStyle.Init or MemberStyle.Required when declaration.Kind == ObjectKind.SetsRequiredMembersClass && member.Style == MemberStyle.Required => head + " { get; init; }",
            MemberStyle.Init or MemberStyle.Required => head + " { get; init; }",
            MemberStyle.Settable => head + " { get; set; }",
            MemberStyle.Computed => modifiers + member.Value.CSharp + " " + member.Identifier + " => " + DefaultLiteral((ScalarValue)member.Value) + ";",
            MemberStyle.IgnoredProperty => "[global::System.Text.Json.Serialization.JsonIgnore] " + head + " { get; init; } = " + DefaultLiteral((ScalarValue)member.Value) + ";",
            _ => throw new InvalidOperationException(member.Style.ToString()),
        };
    }

    /// <summary>A value that is not the type's default, so that a builder passing <c>default</c> is caught.</summary>
    public static string DefaultLiteral(ScalarValue value) =>
        value.Type == typeof(string) ? "\"preset\"" : value.Type == typeof(bool) ? "true" : value.Type == typeof(double) ? "2.5" : "42";

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
