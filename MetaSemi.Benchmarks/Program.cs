using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MetaSemi.Benchmarks;

// Usage:
//   dotnet run -c Release --project MetaSemi.Benchmarks -- --filter '*'              measured run
//   dotnet run -c Release --project MetaSemi.Benchmarks -- --filter '*' --job dry    CI smoke run
//   dotnet run -c Release --project MetaSemi.Benchmarks -- memory-run [steps] [fd|exact]
//   dotnet run -c Release --project MetaSemi.Benchmarks -- info
//   dotnet run -c Release --project MetaSemi.Benchmarks -- lever-ab [network] [rounds] [method]   issue 16's A/B pairs, interleaved
//   dotnet run -c Release --project MetaSemi.Benchmarks -- algorithm-ab [rounds] [method]        FixMatch against its successors, interleaved
//   dotnet run -c Release --project MetaSemi.Benchmarks -- precision-fd [seeds]                  G_fd under bf16 against the exact meta-gradient (docs/precision.md)
//   dotnet run -c Release --project MetaSemi.Benchmarks -- scalar-race [seconds]                 TorchSharp's temporary scalars freed mid-call (docs/reliability.md)
//   dotnet run -c Release --project MetaSemi.Benchmarks -- conv-check [repeats]                  libtorch's wrong fp32 convolution gradients off the 16-channel block (docs/reliability.md)
//   dotnet run -c Release --project MetaSemi.Benchmarks -- denormal-ab [case] [rounds] [steps]  flush-to-zero A/B on fresh networks (docs/benchmarks/denormals.md)
//   dotnet run -c Release --project MetaSemi.Benchmarks -- large-folder ROOT [count] [data]      a folder with a large unlabeled/ (docs/benchmarks/folder-cache.md)
if (args.Length > 0 && args[0] == "memory-run")
{
    MemoryRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "lever-ab")
{
    LeverAbRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "precision-fd")
{
    PrecisionFdRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "scalar-race")
{
    ScalarRaceRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "conv-check")
{
    ConvCheckRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "denormal-ab")
{
    DenormalAbRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "large-folder")
{
    LargeFolderRun.Execute(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "algorithm-ab")
{
    LeverAbRun.ExecuteAlgorithms(args[1..]);
    return;
}

MachineInfo.Print(Console.Out);
if (args.Length > 0 && args[0] == "info")
{
    return;
}

// Benchmarks run in this process: BenchmarkDotNet's generated child projects skip
// Directory.Build.targets, so their copy of libLibTorchSharp.so would miss the native-load fix
// (see MetaSemi.Core/buildTransitive), and TorchSharp could not load on Debian 12.
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];

// One summary for every suite, so that "% ceiling" divides by the ceiling measured in this run.
// The default job: operations take 0.05–5 s, so 2 warm-ups and 10 measured iterations suffice;
// --job on the command line (e.g. dry) replaces it.
var config = DefaultConfig.Instance
    .WithOptions(ConfigOptions.JoinSummary)
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
    .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared))
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
    .AddColumn(MetaSemiColumns.All);
if (!arguments.Any(a => a is "--job" or "-j"))
{
    config = config.AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(10).AsDefault());
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments, config).ToList();
MachineInfo.PrintLoad(Console.Out);

// A smoke run in CI must fail when a benchmark throws or the filter matched nothing.
bool failed = summaries.Count == 0
    || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
if (failed)
{
    Console.Error.WriteLine("Benchmarks failed: a benchmark threw, a validation error stopped the run, or no benchmark matched the filter.");
    Environment.ExitCode = 1;
}

/// <summary>Entry point holder for BenchmarkSwitcher.</summary>
public partial class Program;
