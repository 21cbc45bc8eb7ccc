using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MetaSemi.Benchmarks;

/// <summary>A custom column whose value is computed from the summary and the case (numbers as text).</summary>
public sealed class ComputedColumn(string name, string legend, Func<Summary, BenchmarkCase, double?> value, string format) : IColumn
{
    /// <inheritdoc />
    public string Id => "MetaSemi." + ColumnName;

    /// <inheritdoc />
    public string ColumnName { get; } = name;

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend { get; } = legend;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        value(summary, benchmarkCase) is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>The columns the issue asks for: FLOPs, share of the ceiling, native memory, images/s, data wait.</summary>
public static class MetaSemiColumns
{
    private const double MiB = 1024.0 * 1024.0;

    /// <summary>All custom columns, in display order.</summary>
    public static IColumn[] All { get; } =
    [
        new ComputedColumn("GFLOP/op", "FLOPs per operation / 1e9: forward FLOPs from FlopCounter (2 × conv/linear multiply-adds) × the forward-pass equivalents of the method, or the fixed count of a ceiling kernel",
            (_, c) => Flops(c) / 1e9, "F2"),
        new ComputedColumn("GFLOP/s", "GFLOP/op divided by the median time (the median resists the outliers a shared machine produces)", (s, c) => AchievedFlopsPerSecond(s, c) / 1e9, "F1"),
        new ComputedColumn("% ceiling", "GFLOP/s as a percentage of the ceiling measured in this run on the same device (the higher of ComputeCeiling's matrix product and 3×3 convolution)",
            (s, c) => AchievedFlopsPerSecond(s, c) / Ceiling(s, CaseMeasurements.Parameter(c, "Device")) * 100, "F1"),
        new ComputedColumn("Peak RSS Δ MiB", "Native + managed resident memory: peak VmHWM during the case minus VmRSS after its setup (taken after GC and malloc_trim)",
            (_, c) => CaseMeasurements.Find(c) is { PeakBytes: > 0 } m ? (m.PeakBytes - m.BaselineBytes) / MiB : null, "F1"),
        new ComputedColumn("RSS end Δ MiB", "VmRSS at the case's cleanup minus VmRSS after its setup (what stays resident after every iteration ran)",
            (_, c) => CaseMeasurements.Find(c) is { EndBytes: > 0 } m ? (m.EndBytes - m.BaselineBytes) / MiB : null, "F1"),
        new ComputedColumn("Images/s", "Images produced per second (images per operation / median time)",
            (s, c) => Attribute<ImagesPerOperationAttribute>(c) is { } a && MedianSeconds(s, c) is double t ? a.Images / t : null, "F0"),
        new ComputedColumn("vs baseline case", "Median time over the median time of the suite's baseline case on the same device (AlgorithmStep: Supervised, the case declared Baseline)",
            BaselineRatio, "F2"),
        new ComputedColumn("Data wait %", "Seconds blocked in PairedBatchStream.Next (DataWaitSeconds) as a share of the whole step, summed over every operation of the case",
            (_, c) => CaseMeasurements.Find(c) is { OperationSeconds: > 0 } m ? m.DataWaitSeconds / m.OperationSeconds * 100 : null, "F2"),
    ];

    /// <summary>FLOPs of one operation of the case, or null when it declares none.</summary>
    public static double? Flops(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (Attribute<FlopsAttribute>(benchmarkCase) is { } fixedCount)
        {
            return fixedCount.Flops;
        }

        if (benchmarkCase.Descriptor.Type == typeof(AlgorithmStepBenchmarks) && CaseMeasurements.Parameter(benchmarkCase, "Case") is { } stepCase
            && CaseMeasurements.Parameter(benchmarkCase, "Network") is { } stepNetwork)
        {
            return AlgorithmStepBenchmarks.CaseNamed(stepCase).ForwardPasses * NetworkCase.Get(stepNetwork).ForwardFlops;
        }

        if (Attribute<ForwardPassesAttribute>(benchmarkCase) is { } passes && CaseMeasurements.Parameter(benchmarkCase, "Network") is { } network)
        {
            return passes.Count * NetworkCase.Get(network).ForwardFlops;
        }

        return null;
    }

    /// <summary>The ceiling in FLOP/s on <paramref name="device"/>: the best ComputeCeiling case of this summary.</summary>
    public static double? Ceiling(Summary summary, string? device)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rates = summary.BenchmarksCases
            .Where(c => c.Descriptor.Type == typeof(ComputeCeiling) && CaseMeasurements.Parameter(c, "Device") == device)
            .Select(c => AchievedFlopsPerSecond(summary, c))
            .OfType<double>()
            .ToList();
        return rates.Count > 0 ? rates.Max() : null;
    }

    /// <summary>
    /// For <see cref="AlgorithmStepBenchmarks"/>, whose cases are one method's parameter (so BenchmarkDotNet's own
    /// Ratio does not apply): the case's median over its baseline case's median, same device and network; else null.
    /// </summary>
    private static double? BaselineRatio(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.Type != typeof(AlgorithmStepBenchmarks) || AlgorithmStepBenchmarks.Cases.FirstOrDefault(c => c.Baseline) is not { } baseline)
        {
            return null;
        }

        var reference = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Type == typeof(AlgorithmStepBenchmarks)
            && CaseMeasurements.Parameter(c, "Case") == baseline.Name
            && CaseMeasurements.Parameter(c, "Device") == CaseMeasurements.Parameter(benchmarkCase, "Device")
            && CaseMeasurements.Parameter(c, "Network") == CaseMeasurements.Parameter(benchmarkCase, "Network"));
        return reference is not null && MedianSeconds(summary, benchmarkCase) is double time && MedianSeconds(summary, reference) is double baselineTime
            ? time / baselineTime
            : null;
    }

    private static double? AchievedFlopsPerSecond(Summary summary, BenchmarkCase benchmarkCase) =>
        Flops(benchmarkCase) is double flops && MedianSeconds(summary, benchmarkCase) is double seconds ? flops / seconds : null;

    private static double? MedianSeconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Median is double ns && ns > 0 ? ns / 1e9 : null;

    private static T? Attribute<T>(BenchmarkCase benchmarkCase)
        where T : Attribute =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<T>();
}
