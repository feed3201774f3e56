using System;
using System.Text;

namespace StructuredChat.Generator.Emitting;

/// <summary>A small indent-aware text writer for generated C# (the System.Text.Json generator's habit).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter WriteLine(string line = "")
    {
        if (line.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }

        // Multi-line strings (raw literals) keep their own relative indentation.
        foreach (var part in line.Replace("\r\n", "\n").Split('\n'))
        {
            if (part.Length > 0)
            {
                _builder.Append(' ', _indent * 4).Append(part);
            }

            _builder.Append('\n');
        }

        return this;
    }

    public SourceWriter OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
        return this;
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent = Math.Max(0, _indent - 1);
        return this;
    }

    public override string ToString() => _builder.ToString();
}
