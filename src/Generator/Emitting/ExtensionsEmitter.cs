using System;
using System.Linq;
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

        // A block whose extended type is named like one of the properties (a property named Partial or PartialState)
        // would break CS9326: such a block takes a type-parameter receiver instead, in a class of its own, because two
        // generic blocks in one class would compile to the same static signatures (CS0111).
        bool partialApart = obj.Properties.Any(p => p.ClrName == "Partial");
        bool stateApart = obj.Properties.Any(p => p.ClrName == "PartialState");

        writer.WriteLine("/// <summary>Typed members of the streaming partial form and of the research basis of <c>" + Xml(obj.DisplayName) + "</c>.</summary>");
        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock(obj.ExtensionAccessibility + " static class " + obj.ExtensionClassName);
        if (!partialApart)
        {
            WritePartialBlock(writer, obj, typeParameter: null);
            writer.WriteLine();
        }

        if (!stateApart)
        {
            WriteStateBlock(writer, obj, typeParameter: null);
            writer.WriteLine();
        }

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
        if (partialApart)
        {
            WriteApartClass(writer, obj, "OfPartial", typeParameter => WritePartialBlock(writer, obj, typeParameter), "TPartial");
        }

        if (stateApart)
        {
            WriteApartClass(writer, obj, "OfPartialState", typeParameter => WriteStateBlock(writer, obj, typeParameter), "TState");
        }

        if (obj.Namespace is not null)
        {
            writer.CloseBlock();
        }

        return writer.ToString();
    }

    private static void WriteApartClass(SourceWriter writer, ObjectSpec obj, string suffix, Action<string> writeBlock, string typeParameter)
    {
        // The type parameter must not be named like a property either.
        while (obj.Properties.Any(p => p.ClrName == typeParameter))
        {
            typeParameter += "_";
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>Typed members of the streaming partial form of <c>" + Xml(obj.DisplayName) + "</c> (a property's name needs a block of its own).</summary>");
        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock(obj.ExtensionAccessibility + " static class " + obj.ExtensionClassName + suffix);
        writeBlock(typeParameter);
        writer.CloseBlock();
    }

    // extension(Partial<CompanyInfo> partial) { public PartialText? Name => PartialAccessors.Text(partial, 0); ... }
    private static void WritePartialBlock(SourceWriter writer, ObjectSpec obj, string? typeParameter)
    {
        var receiver = Streaming + "Partial<" + obj.FullyQualifiedName + ">";
        writer.WriteLine("/// <summary>The partial <c>" + Xml(obj.DisplayName) + "</c> while its JSON streams in.</summary>");
        OpenExtension(writer, receiver, "partial", typeParameter, "The partial object's type, <c>Partial</c>.");
        WriteMembers(writer, obj, (property, index) => (
            PartialSummary(property),
            "public " + PartialType(property.Value) + "? " + Identifier(property.ClrName) + " => " + Accessors + PartialGetter(property.Value) + "(partial, " + index + ");"));
        writer.CloseBlock();
    }

    // One documented member per property, a blank line between them.
    private static void WriteMembers(SourceWriter writer, ObjectSpec obj, Func<PropertySpec, string, (string Summary, string Code)> member)
    {
        for (var i = 0; i < obj.Properties.Count; i++)
        {
            if (i > 0)
            {
                writer.WriteLine();
            }

            var (summary, code) = member(obj.Properties[i], i.ToString(CultureInfo.InvariantCulture));
            writer.WriteLine("/// <summary>" + summary + "</summary>");
            writer.WriteLine(code);
        }
    }

    // extension(PartialState<CompanyInfo> state) { public PartialValueState Name => PartialAccessors.State(state, 0); ... }
    private static void WriteStateBlock(SourceWriter writer, ObjectSpec obj, string? typeParameter)
    {
        var receiver = Streaming + "PartialState<" + obj.FullyQualifiedName + ">";
        writer.WriteLine("/// <summary>How far each property of the partial <c>" + Xml(obj.DisplayName) + "</c> has arrived.</summary>");
        OpenExtension(writer, receiver, "state", typeParameter, "The states' type, <c>PartialState</c>.");
        WriteMembers(writer, obj, (property, index) => (
            "How far <c>" + Xml(property.JsonName) + "</c> has arrived: missing, started or complete.",
            "public " + Streaming + "PartialValueState " + Identifier(property.ClrName) + " => " + Accessors + "State(state, " + index + ");"));
        writer.CloseBlock();
    }

    private static void OpenExtension(SourceWriter writer, string receiver, string name, string? typeParameter, string typeParameterDoc)
    {
        var parameterDoc = "/// <param name=\"" + name + "\">The " + (name == "state" ? "states, from <c>PartialState.Of(partial)</c>" : "partial object") + ".</param>";
        if (typeParameter is null)
        {
            writer.WriteLine(parameterDoc);
            writer.OpenBlock("extension(" + receiver + " " + name + ")");
            return;
        }

        writer.WriteLine("/// <typeparam name=\"" + typeParameter + "\">" + typeParameterDoc + "</typeparam>");
        writer.WriteLine(parameterDoc);
        writer.WriteLine("extension<" + typeParameter + ">(" + typeParameter + " " + name + ")");
        writer.Indent().WriteLine("where " + typeParameter + " : " + receiver).Unindent();
        writer.WriteLine("{").Indent();
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
