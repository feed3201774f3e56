using System.Diagnostics;
using System.Text;
using StructuredChat.Streaming;

namespace Quickstart;

/// <summary>
/// Shows the answer while it streams: on a terminal, the fields redraw in place as they fill in; when the output is
/// redirected (a pipe, a file, a CI log), each field is printed once, as a plain line, when it is complete.
/// </summary>
internal abstract class LiveView
{
    protected const int LabelWidth = 14;

    public static LiveView ForConsole() => Console.IsOutputRedirected ? new PlainLines() : new InPlace();

    /// <summary>Shows the partial answer after an update.</summary>
    public abstract void Show(Partial<CompanyProfile> partial, IReadOnlyList<PartialChange> changes);

    /// <summary>Called once the answer is complete.</summary>
    public abstract void Finish();

    /// <summary>Makes the terminal cursor visible again (after Ctrl+C or an error mid-stream).</summary>
    public static void RestoreCursor()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.Write(Ansi.ShowCursor);
        }
    }

    protected static string Format(Row row) => "  " + row.Label.PadRight(LabelWidth) + row.Text;

    private sealed class PlainLines : LiveView
    {
        public override void Show(Partial<CompanyProfile> partial, IReadOnlyList<PartialChange> changes)
        {
            foreach (var change in changes)
            {
                // Top-level fields only ("key_people", not "key_people.0.name"): a list is printed when it closes.
                if (change.Kind == PartialChangeKind.PropertyCompleted && !change.Path.Contains('.'))
                {
                    foreach (var row in ProfileRows.Of(partial).Where(r => r.JsonName == change.Path))
                    {
                        Console.WriteLine(Format(row));
                    }
                }
            }
        }

        public override void Finish()
        {
        }
    }

    private sealed class InPlace : LiveView
    {
        private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(30);

        private readonly Stopwatch _sinceLastFrame = new();
        private Partial<CompanyProfile>? _partial;
        private int _linesOnScreen;

        public override void Show(Partial<CompanyProfile> partial, IReadOnlyList<PartialChange> changes)
        {
            _partial = partial;
            if (_linesOnScreen == 0 || _sinceLastFrame.Elapsed >= FrameInterval)
            {
                Draw(final: false);
            }
        }

        public override void Finish()
        {
            if (_partial is not null)
            {
                Draw(final: true);
            }

            Console.Write(Ansi.ShowCursor);
        }

        private void Draw(bool final)
        {
            var rows = ProfileRows.Of(_partial!);
            var width = Math.Max(LabelWidth + 10, WindowWidth() - 4);
            var frame = new StringBuilder(Ansi.HideCursor);
            if (_linesOnScreen > 0)
            {
                frame.Append(Ansi.LinesUp(_linesOnScreen));
            }

            foreach (var row in rows)
            {
                var line = Format(row) + (row.Growing && !final ? "▌" : "");
                frame.Append(line.Length > width ? line[..(width - 1)] + "…" : line).Append(Ansi.ClearToEndOfLine).Append('\n');
            }

            frame.Append(Ansi.ClearToEndOfScreen);
            Console.Write(frame.ToString());
            _linesOnScreen = rows.Count;
            _sinceLastFrame.Restart();
        }

        private static int WindowWidth()
        {
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
            }
            catch (IOException)
            {
                return 80;
            }
        }
    }

    private static class Ansi
    {
        public const string HideCursor = "\e[?25l";
        public const string ShowCursor = "\e[?25h";
        public const string ClearToEndOfLine = "\e[K";
        public const string ClearToEndOfScreen = "\e[J";

        public static string LinesUp(int count) => $"\e[{count}F";
    }
}
