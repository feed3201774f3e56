using System.Collections.Generic;
using System.Linq;

namespace StructuredChat.Generator.Emitting;

/// <summary>
/// A C# expression laid out as a person would write it: a call that fits in <see cref="MaxWidth"/> characters stays
/// on one line; a longer one puts each argument on its own line, and lays each argument out the same way.
/// </summary>
internal abstract class CodeExpression
{
    /// <summary>The longest call written on one line, not counting its indentation.</summary>
    public const int MaxWidth = 120;

    /// <summary>The expression written on one line.</summary>
    public abstract string SingleLine { get; }

    public static CodeExpression Text(string text) => new TextExpression(text);

    public static CodeExpression Call(string callee, params CodeExpression[] arguments) => new CallExpression(callee, arguments, string.Empty);

    /// <summary>The same expression followed by member access or a call on its result (<c>.ToArray()</c>).</summary>
    public abstract CodeExpression Then(string suffix);

    /// <summary>The same expression after <paramref name="prefix"/> (<c>static (c0, i0) =&gt; </c>).</summary>
    public abstract CodeExpression After(string prefix);

    /// <summary>Writes <paramref name="lead"/>, the expression, then <paramref name="end"/>.</summary>
    public void Write(SourceWriter writer, string lead, string end)
    {
        var lines = new List<string>();
        AppendLines(lines);
        lines[0] = lead + lines[0];
        lines[lines.Count - 1] += end;
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Adds the expression's lines; continuation lines carry their indentation relative to the first.</summary>
    protected abstract void AppendLines(List<string> lines);

    private sealed class TextExpression(string text) : CodeExpression
    {
        public override string SingleLine => text;

        public override CodeExpression Then(string suffix) => new TextExpression(text + suffix);

        public override CodeExpression After(string prefix) => new TextExpression(prefix + text);

        protected override void AppendLines(List<string> lines) => lines.Add(text);
    }

    private sealed class CallExpression(string callee, CodeExpression[] arguments, string suffix) : CodeExpression
    {
        public override string SingleLine => callee + "(" + string.Join(", ", arguments.Select(a => a.SingleLine)) + ")" + suffix;

        public override CodeExpression Then(string more) => new CallExpression(callee, arguments, suffix + more);

        public override CodeExpression After(string prefix) => new CallExpression(prefix + callee, arguments, suffix);

        protected override void AppendLines(List<string> lines)
        {
            var single = SingleLine;
            if (arguments.Length == 0 || single.Length <= MaxWidth)
            {
                lines.Add(single);
                return;
            }

            lines.Add(callee + "(");
            for (var i = 0; i < arguments.Length; i++)
            {
                var argumentLines = new List<string>();
                arguments[i].AppendLines(argumentLines);
                argumentLines[argumentLines.Count - 1] += i == arguments.Length - 1 ? ")" + suffix : ",";
                lines.AddRange(argumentLines.Select(line => "    " + line));
            }
        }
    }
}
