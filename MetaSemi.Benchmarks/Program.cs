using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project MetaSemi.Benchmarks -- --filter '*'
// Benchmarks run in this process: BenchmarkDotNet's generated child projects skip
// Directory.Build.targets, so their copy of libLibTorchSharp.so would miss the native-load fix
// (see MetaSemi.Core/buildTransitive), and TorchSharp could not load on Debian 12.
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);

/// <summary>Entry point holder for BenchmarkSwitcher.</summary>
public partial class Program;
