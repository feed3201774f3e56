using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Adds the allocated bytes per chunk (allocated per operation divided by the number of chunks), and the fastest
/// iteration: on a shared machine a neighbour's burst slows some iterations of one row, and the minimum shows it.
/// </summary>
public sealed class ReaderConfig : ManualConfig
{
    public ReaderConfig()
    {
        AddColumn(new AllocatedPerChunkColumn());
        AddColumn(StatisticColumn.Min);
    }

    private sealed class AllocatedPerChunkColumn : IColumn
    {
        public string Id => nameof(AllocatedPerChunkColumn);

        public string ColumnName => "Alloc/chunk";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Metric;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Bytes allocated per Append call (allocated per operation / chunks)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.GcStats is not { } gc || !benchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Contains("chunk", StringComparison.OrdinalIgnoreCase))
            {
                return "-";
            }

            var document = (string)benchmarkCase.Parameters["Document"];
            var chunkSize = (int)benchmarkCase.Parameters["ChunkSize"];
            var chunks = Math.Ceiling(Documents.Get(document).Length / (double)chunkSize);
            var bytes = gc.GetBytesAllocatedPerOperation(benchmarkCase);
            return bytes is null ? "-" : (bytes.Value / chunks).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " B";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
