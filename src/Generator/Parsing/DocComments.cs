using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// Reads <c>&lt;summary&gt;</c> and <c>&lt;param&gt;</c> doc comments into plain one-line text. Roslyn only parses
/// doc comments when the project generates documentation, so without it these return nothing.
/// </summary>
internal static class DocComments
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "para", "br", "code", "list", "listheader", "item", "term", "description", "example", "note",
    };

    public static string? Summary(ISymbol symbol, CancellationToken cancellationToken)
    {
        var element = Load(symbol, cancellationToken)?.Element("summary");
        return element is null ? null : Flatten(element);
    }

    public static IReadOnlyDictionary<string, string> ParameterDocs(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var root = Load(type, cancellationToken);
        if (root is null)
        {
            return result;
        }

        foreach (var param in root.Elements("param"))
        {
            var name = (string?)param.Attribute("name");
            var text = Flatten(param);
            if (name is not null && text is not null)
            {
                result[name] = text;
            }
        }

        return result;
    }

    private static XElement? Load(ISymbol symbol, CancellationToken cancellationToken)
    {
        var xml = symbol.GetDocumentationCommentXml(cancellationToken: cancellationToken);
        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        try
        {
            // Members come wrapped in <member>; wrap again so that both shapes parse the same way.
            var root = XElement.Parse("<root>" + xml + "</root>", LoadOptions.None);
            return root.Element("member") ?? root;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string? Flatten(XElement element)
    {
        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            Append(builder, node);
        }

        var text = string.Join(" ", builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? null : text;
    }

    private static void Append(StringBuilder builder, XNode node)
    {
        switch (node)
        {
            case XText text:
                builder.Append(text.Value);
                break;
            case XElement { Name.LocalName: "see" or "seealso" } reference:
                var target = (string?)reference.Attribute("cref") ?? (string?)reference.Attribute("langword") ?? (string?)reference.Attribute("href") ?? string.Empty;
                var shortName = target.Split(':').Last().Split('.').Last();
                builder.Append(reference.IsEmpty ? shortName : reference.Value);
                break;
            case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                builder.Append((string?)reference.Attribute("name"));
                break;
            case XElement element:
                // Block elements (<para>, <list>, <br/>, ...) separate words; inline ones (<c>, <b>, <i>) must not,
                // or "<c>AB-12</c>." would read "AB-12 .".
                var block = BlockElements.Contains(element.Name.LocalName);
                if (block)
                {
                    builder.Append(' ');
                }

                foreach (var child in element.Nodes())
                {
                    Append(builder, child);
                }

                if (block)
                {
                    builder.Append(' ');
                }

                break;
        }
    }
}
