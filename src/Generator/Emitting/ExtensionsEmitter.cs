using System.Globalization;
using StructuredChat.Generator.Model;
using static StructuredChat.Generator.Emitting.EmitterHelpers;

namespace StructuredChat.Generator.Emitting;

/// <summary>
/// Emits <c>{Type}.Extensions.g.cs</c> once per object type in the compilation (the annotated types and every type
/// nested in them): C# 14 extension properties that give <c>Partial&lt;T&gt;</c> and <c>BasisNode&lt;T&gt;</c> one typed
/// member per property. Only slot indexes are used, so the file is the same whichever root type reached it.
/// </summary>
internal static class ExtensionsEmitter
{
    private const string Streaming = "global::StructuredChat.Streaming.";
    private const string Accessors = Streaming + "PartialAccessors.";
    private const string BasisAccessor = "global::StructuredChat.BasisAccessor.";

    public static string Emit(ObjectSpec obj)
    {
        // public static class CompanyInfoParallelExtensions
        // {
        //     extension(Partial<CompanyInfo> partial)
        //     {
        //         public PartialText? Name => PartialAccessors.Text(partial, 0);
        //         public PartialList<Partial<Person>>? Founders => PartialAccessors.List<Partial<Person>>(partial, 2);
        //     }
        //     extension(PartialState<CompanyInfo> state)
        //     {
        //         public PartialValueState Name => PartialAccessors.State(state, 0);
        //     }
        //     extension<TBasis>(TBasis basis) where TBasis : BasisNode<CompanyInfo>
        //     {
        //         public FieldBasis? Name => BasisAccessor.Value<CompanyInfo>(basis, 0);
        //         public BasisList<Person> Founders => BasisAccessor.List<CompanyInfo, Person>(basis, 2);
        //     }
        // }
        var writer = new SourceWriter();
        WriteFileHeader(writer);
        if (obj.Namespace is not null)
        {
            writer.OpenBlock("namespace " + obj.Namespace);
        }

        writer.WriteLine("/// <summary>Typed members of the streaming partial form and of the research basis of <c>" + Xml(obj.DisplayName) + "</c>.</summary>");
        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock(obj.ExtensionAccessibility + " static class " + obj.ExtensionClassName);

        writer.WriteLine("/// <summary>The partial <c>" + Xml(obj.DisplayName) + "</c> while its JSON streams in.</summary>");
        writer.WriteLine("/// <param name=\"partial\">The partial object.</param>");
        writer.OpenBlock("extension(" + Streaming + "Partial<" + obj.FullyQualifiedName + "> partial)");
        for (var i = 0; i < obj.Properties.Count; i++)
        {
            var property = obj.Properties[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            if (i > 0)
            {
                writer.WriteLine();
            }

            writer.WriteLine("/// <summary>" + PartialSummary(property) + "</summary>");
            writer.WriteLine("public " + PartialType(property.Value) + "? " + Identifier(property.ClrName) + " => " + Accessors + PartialGetter(property.Value) + "(partial, " + index + ");");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>How far each property of the partial <c>" + Xml(obj.DisplayName) + "</c> has arrived.</summary>");
        writer.WriteLine("/// <param name=\"state\">The states, from <c>PartialState.Of(partial)</c>.</param>");
        writer.OpenBlock("extension(" + Streaming + "PartialState<" + obj.FullyQualifiedName + "> state)");
        for (var i = 0; i < obj.Properties.Count; i++)
        {
            var property = obj.Properties[i];
            if (i > 0)
            {
                writer.WriteLine();
            }

            writer.WriteLine("/// <summary>How far <c>" + Xml(property.JsonName) + "</c> has arrived: missing, started or complete.</summary>");
            writer.WriteLine("public " + Streaming + "PartialValueState " + Identifier(property.ClrName) + " => " + Accessors + "State(state, " + i.ToString(CultureInfo.InvariantCulture) + ");");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>The research basis mapped onto <c>" + Xml(obj.DisplayName) + "</c>'s properties.</summary>");
        writer.WriteLine("/// <typeparam name=\"TBasis\">The basis view of <c>" + Xml(obj.DisplayName) + "</c>: a <c>BasisNode</c>, or the answer's <c>Basis</c>.</typeparam>");
        writer.WriteLine("/// <param name=\"basis\">The basis of one <c>" + Xml(obj.DisplayName) + "</c> in the answer.</param>");
        // The receiver is a type parameter because an extension member cannot be named like the type it extends
        // (CS9326): a property named BasisNode would be one. Accessors are static calls, never members of the
        // receiver, so that BasisNode<T> has nothing a property name could collide with.
        writer.WriteLine("extension<TBasis>(TBasis basis)");
        writer.Indent().WriteLine("where TBasis : global::StructuredChat.BasisNode<" + obj.FullyQualifiedName + ">").Unindent();
        writer.WriteLine("{").Indent();
        for (var i = 0; i < obj.Properties.Count; i++)
        {
            var property = obj.Properties[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            if (i > 0)
            {
                writer.WriteLine();
            }

            writer.WriteLine("/// <summary>The research basis (reasoning, citations, confidence) for <c>" + Xml(property.JsonName) + "</c>.</summary>");
            var value = property.Value;
            switch (value.Shape)
            {
                case ValueShape.Object:
                    writer.WriteLine("public global::StructuredChat.BasisNode<" + value.FullyQualifiedType + "> " + Identifier(property.ClrName) + " => " + BasisAccessor + "Object<" + obj.FullyQualifiedName + ", " + value.FullyQualifiedType + ">(basis, " + index + ");");
                    break;
                case ValueShape.Array:
                    writer.WriteLine("public global::StructuredChat.BasisList<" + value.Element!.FullyQualifiedType + "> " + Identifier(property.ClrName) + " => " + BasisAccessor + "List<" + obj.FullyQualifiedName + ", " + value.Element.FullyQualifiedType + ">(basis, " + index + ");");
                    break;
                default:
                    writer.WriteLine("public global::StructuredChat.FieldBasis? " + Identifier(property.ClrName) + " => " + BasisAccessor + "Value<" + obj.FullyQualifiedName + ">(basis, " + index + ");");
                    break;
            }
        }

        writer.CloseBlock();
        writer.CloseBlock();
        if (obj.Namespace is not null)
        {
            writer.CloseBlock();
        }

        return writer.ToString();
    }

    private static string PartialSummary(PropertySpec property) => property.Value.Shape switch
    {
        ValueShape.Scalar when property.Value.Scalar == ScalarKind.String => "<c>" + Xml(property.JsonName) + "</c> as it has arrived so far (a view that grows while it streams); null until it starts.",
        ValueShape.Scalar => "<c>" + Xml(property.JsonName) + "</c> once complete; null until then.",
        ValueShape.Object => "<c>" + Xml(property.JsonName) + "</c> as it fills in; null until it starts.",
        _ => "<c>" + Xml(property.JsonName) + "</c>'s elements as they arrive; null until it starts.",
    };

    /// <summary>The type a value has while streaming: growing text, a nullable scalar, a partial object or a partial list.</summary>
    private static string PartialType(ValueSpec value) => value.Shape switch
    {
        ValueShape.Object => Streaming + "Partial<" + value.FullyQualifiedType + ">",
        ValueShape.Array => Streaming + "PartialList<" + ElementType(value.Element!) + ">",
        _ => value.Scalar == ScalarKind.String ? Streaming + "PartialText" : value.FullyQualifiedType,
    };

    private static string ElementType(ValueSpec element) => element.Shape switch
    {
        ValueShape.Object => Streaming + "Partial<" + element.FullyQualifiedType + ">" + (element.IsNullable ? "?" : string.Empty),
        ValueShape.Array => Streaming + "PartialArray" + (element.IsNullable ? "?" : string.Empty),
        _ => (element.Scalar == ScalarKind.String ? Streaming + "PartialText" : element.FullyQualifiedType) + "?",
    };

    private static string PartialGetter(ValueSpec value) => value.Shape switch
    {
        ValueShape.Object => "Object<" + value.FullyQualifiedType + ">",
        ValueShape.Array => "List<" + ElementType(value.Element!) + ">",
        _ => value.Scalar switch
        {
            ScalarKind.String => "Text",
            ScalarKind.Uri => "Reference<" + value.FullyQualifiedType + ">",
            _ => "Value<" + value.FullyQualifiedType + ">",
        },
    };

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
