using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using MetaSemi.Data;
using MetaSemi.Tests.Core;
using TorchSharp;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// Resume through the CLI is exact (issue 17, defect 2): N steps straight and N/2 steps, then a resume to N
/// in the same run folder, train on the same batches, so <c>metrics.csv</c> (all but the timing columns)
/// and the weights are identical; a fresh run given the first run's <c>label_indices.txt</c> with
/// <c>--label-indices</c> is identical too. Tiny runs on the shipped Fashion-MNIST subset.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class ResumeExactnessTests
{
    private const int Steps = 6;

    /// <summary>The columns that measure time, not arithmetic; every other byte of a row must match.</summary>
    private static readonly string[] TimingColumns = ["time/data", "time/compute"];

    public static TheoryData<string, string> Methods => new()
    {
        { "train", "finite-difference" },
        { "train", "exact" },
        { "train", "none" },
        { "train-baseline", string.Empty },
    };

    internal static string[] Arguments(string command, string metaGradient, string runFolder, int totalSteps)
    {
        var args = new List<string>
        {
            command, "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn",
            "--batch-size", "16", "--num-label", "100", "--test-freq", "3", "--print-freq", "3", "--warmup", "2", "--milestones", "5",
            "--mix-up", "--alpha", "1.0", "--lr", "0.05", "--seed", "7", "--save-path", runFolder, "--total-steps", totalSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (metaGradient.Length > 0)
        {
            args.AddRange(["--meta-gradient", metaGradient]);
        }

        return [.. args];
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Half_then_resume_in_the_same_folder_equals_the_straight_run(string command, string metaGradient)
    {
        using var folder = new TempFolder();
        var straight = folder.File("straight");
        var halves = folder.File("halves");
        Succeeds(CliHarness.Run(CommandHandlers.Default, Arguments(command, metaGradient, straight, Steps)));
        Succeeds(CliHarness.Run(CommandHandlers.Default, Arguments(command, metaGradient, halves, Steps / 2)));
        Succeeds(CliHarness.Run(CommandHandlers.Default, [.. Arguments(command, metaGradient, halves, Steps), "--resume", Path.Combine(halves, "checkpoint")]));

        Assert.Equal(Rows(straight), Rows(halves));
        AssertSameWeights(Path.Combine(straight, "checkpoint"), Path.Combine(halves, "checkpoint"));
    }

    [Fact]
    public void A_fresh_run_given_the_label_indices_file_of_another_equals_that_run()
    {
        using var folder = new TempFolder();
        var first = folder.File("first");
        var given = folder.File("given");
        Succeeds(CliHarness.Run(CommandHandlers.Default, Arguments("train", "finite-difference", first, Steps)));
        Succeeds(CliHarness.Run(CommandHandlers.Default,
            [.. Arguments("train", "finite-difference", given, Steps), "--label-indices", Path.Combine(first, LabelIndicesFile.FileName)]));

        Assert.Equal(Rows(first), Rows(given));
        AssertSameWeights(Path.Combine(first, "checkpoint"), Path.Combine(given, "checkpoint"));
    }

    private static void Succeeds(CliResult result) => Assert.True(result.ExitCode == 0, result.Error + result.Output);

    /// <summary>The rows of a run folder's metrics.csv, header included, without the timing cells.</summary>
    internal static string[] Rows(string runFolder)
    {
        var lines = File.ReadAllLines(Path.Combine(runFolder, MetricsCsvWriter.FileName));
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !TimingColumns.Contains(header[i])).ToArray();
        Assert.Equal(header.Length - TimingColumns.Length, keep.Length);
        return lines.Select(line => line.Split(',')).Select(cells => string.Join(',', keep.Select(i => cells[i]))).ToArray();
    }

    /// <summary>Every parameter and buffer of the two checkpoints' models is bit for bit the same.</summary>
    internal static void AssertSameWeights(string expectedCheckpoint, string actualCheckpoint)
    {
        using var expected = DatasetInputs.CreateModel("small-cnn", 10, 1);
        using var actual = DatasetInputs.CreateModel("small-cnn", 10, 1);
        var expectedInfo = Checkpoint.LoadModel(expectedCheckpoint, expected);
        var actualInfo = Checkpoint.LoadModel(actualCheckpoint, actual);
        Assert.Equal(expectedInfo with { RunId = null }, actualInfo with { RunId = null }); // two runs: two ids
        var actualState = actual.state_dict();
        foreach (var (name, tensor) in expected.state_dict())
        {
            var other = actualState[name];
            Assert.Equal(tensor.shape, other.shape);
            using var same = tensor.eq(other).all();
            Assert.True(same.item<bool>(), $"{name} differs between {expectedCheckpoint} and {actualCheckpoint}");
        }
    }
}
