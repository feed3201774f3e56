using System.Text;
using System.Text.Json;

namespace Enrichment;

/// <summary>
/// The output file, append-only JSON Lines. Each row is written and flushed to disk the moment it completes, so a
/// crash, a kill or Ctrl+C loses no row that was already paid for; a rerun reads back which companies are in the
/// file and skips them. A last line cut short by a crash mid-write (no newline at its end) is cut off on opening.
/// </summary>
internal sealed class RowFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _lock = new();

    private RowFile(FileStream stream, HashSet<string> written, int failed)
    {
        _stream = stream;
        Written = written;
        FailedBefore = failed;
    }

    /// <summary>The companies whose rows an earlier run wrote.</summary>
    public IReadOnlySet<string> Written { get; }

    /// <summary>How many of <see cref="Written"/> were written with an error.</summary>
    public int FailedBefore { get; }

    /// <exception cref="InvalidDataException">A complete line of the file is not a row this sample wrote.</exception>
    public static RowFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var text = new byte[stream.Length];
            stream.ReadExactly(text);
            var complete = Array.LastIndexOf(text, (byte)'\n') + 1;
            var written = new HashSet<string>(StringComparer.Ordinal);
            var failed = 0;
            var lineNumber = 0;
            foreach (var line in Encoding.UTF8.GetString(text, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                lineNumber++;
                var (company, hasError) = ReadRow(line, path, lineNumber);
                written.Add(company);
                failed += hasError ? 1 : 0;
            }

            stream.SetLength(complete);
            stream.Seek(0, SeekOrigin.End);
            return new RowFile(stream, written, failed);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends one row as one line and flushes it to disk before returning.</summary>
    public void Append(EnrichedRow row)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(row, OutputJsonContext.Lines.EnrichedRow);
        lock (_lock)
        {
            // One write of the whole line: a crash leaves either the line or a tail that Open cuts off.
            _stream.Write([.. line, (byte)'\n']);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static (string Company, bool HasError) ReadRow(string line, string path, int lineNumber)
    {
        try
        {
            using var row = JsonDocument.Parse(line);
            if (row.RootElement.ValueKind == JsonValueKind.Object
                && row.RootElement.TryGetProperty("company", out var company) && company.ValueKind == JsonValueKind.String)
            {
                return (company.GetString()!, row.RootElement.TryGetProperty("error", out _));
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidDataException($"{path}, line {lineNumber}, is not a row of this sample (no \"company\"); pass another --out. The line: {line}");
    }
}
