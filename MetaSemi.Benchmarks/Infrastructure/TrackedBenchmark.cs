using System.Runtime.CompilerServices;

namespace MetaSemi.Benchmarks;

/// <summary>
/// Base of the benchmarks that report native memory: the setup ends with <see cref="StartTracking"/>
/// (VmHWM reset, baseline VmRSS), every operation calls <see cref="Mark"/> so the cleanup knows
/// which method ran, and <see cref="StopTracking"/> records peak and end RSS for the columns.
/// </summary>
public abstract class TrackedBenchmark
{
    private string _method = "";

    /// <summary>Remembers the running benchmark method (a string assignment: no allocation, no I/O).</summary>
    protected void Mark([CallerMemberName] string method = "") => _method = method;

    /// <summary>The measurement slot of the running case.</summary>
    protected CaseMeasurement Current(string? device, string? network) =>
        CaseMeasurements.For(DeclaredType().Name, _method, device, network);

    // The in-process emit toolchain runs the benchmark through a generated subclass: name the
    // class this assembly declares, as BenchmarkDotNet's descriptor does.
    private Type DeclaredType()
    {
        var type = GetType();
        while (type.Assembly != typeof(TrackedBenchmark).Assembly && type.BaseType is { } parent)
        {
            type = parent;
        }

        return type;
    }

    /// <summary>Call last in the global setup.</summary>
    protected void StartTracking()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ProcessMemory.TrimNativeHeap();
        ProcessMemory.ResetPeak();
        _baseline = ProcessMemory.ResidentBytes();
    }

    /// <summary>Call first in the global cleanup.</summary>
    protected void StopTracking(string? device, string? network)
    {
        var slot = Current(device, network);
        slot.BaselineBytes = _baseline;
        slot.PeakBytes = ProcessMemory.PeakResidentBytes();
        slot.EndBytes = ProcessMemory.ResidentBytes();
    }

    private long _baseline;
}
