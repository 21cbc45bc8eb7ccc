namespace MetaSemi.Tests.Core;

/// <summary>
/// Tests that run alone: they seed torch's process-wide generator (model initialisation, dropout)
/// and compare exact numbers, or measure the process's memory. Tests running in parallel on other
/// threads would draw from the same generator or allocate memory in between.
/// </summary>
[CollectionDefinition(nameof(SerialTorchCollection), DisableParallelization = true)]
public sealed class SerialTorchCollection;
