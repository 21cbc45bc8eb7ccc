using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Cli;

/// <summary><c>metasemi meta-step</c>: the pseudo-label statistics, and the command on a 20-step run of the shipped data.</summary>
public sealed class MetaStepCommandTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    [Fact]
    public void Effect_counts_shift_changes_accuracies_fixed_and_broken_labels()
    {
        using var scope = NewDisposeScope();
        // Four images, three classes. p's argmax: 0, 1, 2, 0; ŷ's argmax: 0, 2, 2, 1; hidden labels: 0, 2, 1, 0.
        var p = tensor(new double[,] { { 0.6, 0.3, 0.1 }, { 0.2, 0.5, 0.3 }, { 0.1, 0.2, 0.7 }, { 0.5, 0.4, 0.1 } });
        var y = tensor(new double[,] { { 0.7, 0.2, 0.1 }, { 0.2, 0.3, 0.5 }, { 0.0, 0.3, 0.7 }, { 0.3, 0.6, 0.1 } });
        var hidden = tensor(new long[] { 0, 2, 1, 0 });
        var effect = new MetaStepEffect();

        effect.Add(p, y, hidden);

        Assert.Equal(4, effect.Images);
        Assert.Equal((0.2 + 0.4 + 0.2 + 0.4) / 4, effect.MeanShift, 12);
        Assert.Equal(0.5, effect.Changed, 12);        // images 2 and 4
        Assert.Equal(0.5, effect.AccuracyBefore, 12); // images 1 and 4
        Assert.Equal(0.5, effect.AccuracyAfter, 12);  // images 1 and 2
        Assert.Equal(0.25, effect.Fixed, 12);         // image 2
        Assert.Equal(0.25, effect.Broken, 12);        // image 4
    }

    [Fact]
    public void Meta_step_reports_no_change_at_lr_zero_and_the_same_accuracy_of_p_for_every_lr()
    {
        Assert.Equal(0, run.Result.ExitCode);
        var result = CliHarness.Run(CommandHandlers.Default, "meta-step", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
            "-a", "small-cnn", "--checkpoint", run.File("checkpoint"), "--label-indices", run.File("label_indices.txt"),
            "--batch-size", "16", "--batches", "3", "--lr", "0", "0.05", "--seed", "3");

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        var rows = result.Output.Split('\n').Where(l => l.StartsWith("│ 0", StringComparison.Ordinal))
            .Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(["0", "48", "0.0000", "0.00 %"], rows[0][..4]);
        Assert.Equal(rows[0][4], rows[0][5]);                  // accuracy of ŷ = accuracy of p when ŷ = p
        Assert.Equal(["0.00 %", "0.00 %"], rows[0][6..]);
        Assert.Equal(rows[0][4], rows[1][4]);                  // same batches for every lr
        Assert.True(double.Parse(rows[1][2], CultureInfo.InvariantCulture) > 0, "the meta step at lr 0.05 did not move ŷ");
    }

    [Fact]
    public void Meta_step_refuses_the_none_method()
    {
        var result = CliHarness.Run(CommandHandlers.Default, "meta-step", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
            "-a", "small-cnn", "--checkpoint", run.File("checkpoint"), "--label-indices", run.File("label_indices.txt"), "--meta-gradient", "none");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--meta-gradient none has no meta step to inspect", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_step_on_an_image_folder_says_which_commands_read_folders()
    {
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "meta-step", "--dataset", "folder", "--data-path", folder.Path,
            "-a", "small-cnn", "--checkpoint", run.File("checkpoint"), "--label-indices", run.File("label_indices.txt"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--dataset folder: this command reads the in-memory data sets only", result.Error, StringComparison.Ordinal);
        Assert.Contains("image folders work with train, train-baseline, evaluate and plot-features", result.Error, StringComparison.Ordinal);
        Assert.Single(result.ErrorLines);
    }
}
