using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project MetaSemi.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point holder for BenchmarkSwitcher.</summary>
public partial class Program;
