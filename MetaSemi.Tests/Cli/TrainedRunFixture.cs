using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

/// <summary>One 20-step <c>metasemi train</c> run on the shipped Fashion-MNIST subset, shared by the tests that read its run folder.</summary>
public sealed class TrainedRunFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public TrainedRunFixture()
    {
        RunFolder = _folder.File("run");
        Result = CliHarness.Run(CommandHandlers.Default, [.. TrainArguments(RunFolder), "--total-steps", "20"]);
    }

    internal static string[] TrainArguments(string runFolder) =>
    [
        "train", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
        "--batch-size", "16", "--num-label", "100", "--test-freq", "10", "--print-freq", "5", "--warmup", "5", "--milestones", "15",
        "--mix-up", "--alpha", "1.0", "--lr", "0.05", "--seed", "7", "--save-path", runFolder,
    ];

    public string RunFolder { get; }

    internal CliResult Result { get; }

    public string File(string name) => Path.Combine(RunFolder, name);

    public void Dispose() => _folder.Dispose();
}
