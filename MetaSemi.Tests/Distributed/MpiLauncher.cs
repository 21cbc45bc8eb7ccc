using System.Diagnostics;
using System.Reflection;

namespace MetaSemi.Tests.Distributed;

/// <summary>Runs MetaSemi.Tests.MpiProbe (MpiProbe.dll) under mpiexec (or alone) with a time limit, killing the whole process tree when it is exceeded.</summary>
internal static class MpiLauncher
{
    /// <summary>The limit for one probe run; a run takes about a second on an idle machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly Lazy<string?> MpiexecPath = new(() => FindOnPath(OperatingSystem.IsWindows() ? "mpiexec.exe" : "mpiexec"));

    private static readonly Lazy<string?> Skip = new(FindSkipReason);

    /// <summary>Why the multi-process tests are skipped here, or null when an MPICH-family mpiexec is available.</summary>
    public static string? SkipReason => Skip.Value;

    /// <summary>What one run left behind.</summary>
    public sealed record Outcome(int ExitCode, string Output, string Folder, TimeSpan Elapsed) : IDisposable
    {
        /// <summary>Deletes the run's temporary folder.</summary>
        public void Dispose()
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }

    /// <summary>Runs <paramref name="scenario"/> on <paramref name="ranks"/> ranks under mpiexec, in a fresh temporary folder; <paramref name="extra"/> follow the folder.</summary>
    public static Outcome RunMpi(string scenario, int ranks = 2, params string[] extra)
    {
        var mpiexec = MpiexecPath.Value ?? throw new InvalidOperationException(SkipReason);
        var folder = NewFolder(scenario);
        var arguments = new List<string> { "-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!OperatingSystem.IsWindows())
        {
            // Hydra: start the ranks as local child processes, never over ssh, on loopback only.
            arguments.AddRange(["-launcher", "fork", "-hosts", "localhost"]);
        }

        arguments.AddRange([DotnetHost(), ProbePath(), scenario, folder, .. extra]);
        return Run(mpiexec, arguments, folder, environment: null);
    }

    /// <summary>Runs the .NET program <paramref name="dll"/> with <paramref name="arguments"/> on <paramref name="ranks"/> local ranks under mpiexec, in a fresh temporary folder.</summary>
    public static Outcome RunMpiProgram(string dll, int ranks, IEnumerable<string> arguments)
    {
        var mpiexec = MpiexecPath.Value ?? throw new InvalidOperationException(SkipReason);
        var folder = NewFolder(Path.GetFileNameWithoutExtension(dll));
        var all = new List<string> { "-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!OperatingSystem.IsWindows())
        {
            all.AddRange(["-launcher", "fork", "-hosts", "localhost"]);
        }

        all.AddRange([DotnetHost(), dll, .. arguments.Select(a => a.Replace("{folder}", folder, StringComparison.Ordinal))]);
        return Run(mpiexec, all, folder, environment: null);
    }

    /// <summary>Runs <paramref name="scenario"/> as one plain process, without mpiexec.</summary>
    public static Outcome RunAlone(string scenario, IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var folder = NewFolder(scenario);
        return Run(DotnetHost(), [ProbePath(), scenario, folder, .. extra], folder, environment);
    }

    /// <summary>The probe's result file of <paramref name="rank"/>, which must exist.</summary>
    public static Dictionary<string, double[]> Result(Outcome outcome, string scenario, int rank)
    {
        var path = ProbeResults.PathFor(outcome.Folder, scenario, rank);
        Assert.True(File.Exists(path), $"rank {rank} wrote no {path}; exit code {outcome.ExitCode}; output:\n{outcome.Output}");
        return ProbeResults.Read(path);
    }

    /// <summary>The probe built next to this test assembly (<see cref="SampleBuilds.Dll"/>).</summary>
    public static string ProbePath() => SampleBuilds.Dll("MetaSemi.Tests.MpiProbe", "MpiProbe");

    private static string DotnetHost() => SampleBuilds.DotnetHost();

    private static string NewFolder(string scenario)
    {
        var folder = Path.Combine(Path.GetTempPath(), "metasemi-mpi-tests", $"{scenario}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static Outcome Run(string fileName, IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"'{fileName} {string.Join(' ', start.ArgumentList)}' did not finish within {Timeout.TotalSeconds} s and was killed with its children. Output so far:\n{Snapshot(output)}");
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        return new Outcome(process.ExitCode, Snapshot(output), folder, clock.Elapsed);
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string? FindSkipReason()
    {
        if (MpiexecPath.Value is not { } mpiexec)
        {
            return "mpiexec is not on PATH: install MPICH (apt-get install mpich) to run the multi-process tests.";
        }

        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // Open MPI's mpiexec takes other flags and its library has another ABI, which MpiCommunicator refuses.
        var start = new ProcessStartInfo(mpiexec, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var version = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return version.Contains("Open MPI", StringComparison.OrdinalIgnoreCase) || version.Contains("OpenRTE", StringComparison.OrdinalIgnoreCase)
            ? $"{mpiexec} is Open MPI's; these tests need MPICH's (apt-get install mpich; update-alternatives --config mpirun)."
            : null;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs mpiexec: skipped, with the reason, where MPI is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiLauncher.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>Multi-process tests run one at a time: each job already uses both cores of a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MpiCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "MPI jobs";
}
