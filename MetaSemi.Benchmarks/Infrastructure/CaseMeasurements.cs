using System.Collections.Concurrent;
using BenchmarkDotNet.Running;

namespace MetaSemi.Benchmarks;

/// <summary>What a benchmark case measured besides time, for the custom columns (benchmarks run in this process).</summary>
public sealed class CaseMeasurement
{
    /// <summary>VmRSS after the global setup, in bytes.</summary>
    public long BaselineBytes { get; set; }

    /// <summary>VmHWM at the global cleanup (the peak since the setup), in bytes.</summary>
    public long PeakBytes { get; set; }

    /// <summary>VmRSS at the global cleanup, in bytes.</summary>
    public long EndBytes { get; set; }

    /// <summary>Seconds spent waiting for data, summed over every operation.</summary>
    public double DataWaitSeconds { get; set; }

    /// <summary>Seconds of whole operations (wait included), summed.</summary>
    public double OperationSeconds { get; set; }
}

/// <summary>The store that benchmark cases write and columns read, keyed by type, method and parameters.</summary>
public static class CaseMeasurements
{
    private static readonly ConcurrentDictionary<string, CaseMeasurement> Store = new();

    /// <summary>The measurement of one case, created on first use.</summary>
    public static CaseMeasurement For(string type, string method, string? device, string? network) =>
        Store.GetOrAdd(Key(type, method, device, network), _ => new CaseMeasurement());

    /// <summary>The measurement the case recorded, or null.</summary>
    public static CaseMeasurement? Find(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (Parameter(benchmarkCase, "Case") is { } caseName)
        {
            method = CaseMethod(method, caseName);
        }

        var key = Key(benchmarkCase.Descriptor.Type.Name, method, Parameter(benchmarkCase, "Device"), Parameter(benchmarkCase, "Network"));
        return Store.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>The value of the parameter <paramref name="name"/> of a case, or null when it has none.</summary>
    public static string? Parameter(BenchmarkCase benchmarkCase, string name)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        return benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
    }

    /// <summary>The name a benchmark whose cases are a <c>Case</c> parameter records under: <c>Step[FixMatch]</c>.</summary>
    public static string CaseMethod(string method, string caseName) => $"{method}[{caseName}]";

    private static string Key(string type, string method, string? device, string? network) =>
        $"{type}.{method}|{device}|{network}";
}
