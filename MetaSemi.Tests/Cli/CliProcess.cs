using System.Diagnostics;
using System.Text;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// <c>metasemi</c> as a real process (<c>dotnet metasemi.dll …</c>, the CLI built next to the tests), for what only
/// a process shows: OS locks held by another process, kills, exit codes. Output (stdout and stderr) is collected.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>metasemi</c> with <paramref name="args"/>; <paramref name="environment"/> adds variables (fault injection).</summary>
    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "metasemi.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // One thread: several of these run beside other tests on a small machine.
        start.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs <c>metasemi</c> to its end (killed and failed after <paramref name="timeout"/>).</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var cli = Start(args, environment);
        cli.WaitForExit(timeout);
        return (cli.ExitCode, cli.Output);
    }

    /// <summary>Waits for the end; kills the process and fails the test after <paramref name="timeout"/>.</summary>
    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"metasemi did not end within {timeout.TotalSeconds} s and was killed. Output so far:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected streams
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polled), failing after <paramref name="timeout"/> or if the process ends first.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                Assert.Fail($"metasemi ended (exit {_process.ExitCode}) before {what}. Output:\n{Output}");
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"No {what} within {timeout.TotalSeconds} s. Output so far:\n{Output}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Sends a POSIX signal (STOP, CONT, KILL) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Kills the process at once (SIGKILL on Unix) and waits for it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string DotnetHost() => SampleBuilds.DotnetHost();
}
