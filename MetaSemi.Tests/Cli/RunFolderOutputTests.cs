using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using Spectre.Console;

namespace MetaSemi.Tests.Cli;

public class RunFolderOutputTests
{
    private static void AppendRow(string path, long step, Dictionary<string, double> values)
    {
        using var writer = MetaSemi.MetricsCsvWriter.ForFile(path, long.MaxValue);
        writer.Append(step, values);
    }

    [Fact]
    public void Args_json_replays_a_train_run_through_config()
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--dataset", "fashion-mnist", "--data-path", folder.Path, "--num-label", "500", "--mix-up", "--alpha", "0.25",
            "--milestones", "[12, 16]", "--lr", "0.03", "--weight-decay", "5e-5", "--meta-gradient", "exact", "--gpu", "--save-path", folder.File("run")).ExitCode);
        var original = cli.Train.Options!;

        var args = folder.File(CommandOptionsJson.FileName);
        CommandOptionsJson.Write(original, args);
        Assert.Equal(0, cli.Run("train", "--config", args).ExitCode);

        Assert.Equal(original.Milestones, cli.Train.Options!.Milestones);
        Assert.Equal(original with { Config = args, Milestones = cli.Train.Options.Milestones }, cli.Train.Options);
        Assert.DoesNotContain("verbose", File.ReadAllText(args), StringComparison.Ordinal);
    }

    [Fact]
    public void Args_json_of_train_baseline_lists_only_its_own_flags_and_replays_through_config()
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train-baseline", "--dataset", "fashion-mnist", "--data-path", folder.Path, "--num-label", "500", "--mix-up",
            "--lr-schedule", "cosine", "--nesterov", "--warmup", "0", "--save-path", folder.File("run")).ExitCode);
        var original = cli.TrainBaseline.Options!;

        var args = folder.File(CommandOptionsJson.FileName);
        CommandOptionsJson.Write(original, args);
        string json = File.ReadAllText(args);
        foreach (var trainOnly in new[] { "\"weight\"", "\"epsilon\"", "\"meta-gradient\"", "\"algorithm\"" })
        {
            Assert.DoesNotContain(trainOnly, json, StringComparison.Ordinal);
        }

        Assert.Contains("\"lr-schedule\": \"cosine\"", json, StringComparison.Ordinal);
        Assert.Equal(0, cli.Run("train-baseline", "--config", args).ExitCode);
        Assert.Equal(original with { Config = args, Milestones = cli.TrainBaseline.Options!.Milestones }, cli.TrainBaseline.Options);
    }

    [Fact]
    public void Args_json_replays_an_imagenet_run_through_config()
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train-imagenet", "--data", folder.Path, "--format", "recordio", "--meta-gradient", "none", "--mix-up", "false", "--epochs", "90").ExitCode);
        var original = cli.TrainImageNet.Options!;

        var args = folder.File(CommandOptionsJson.FileName);
        CommandOptionsJson.Write(original, args);
        Assert.Equal(0, cli.Run("train-imagenet", "--config", args).ExitCode);
        Assert.Equal(original with { Config = args }, cli.TrainImageNet.Options);
    }

    [Fact]
    public void Evaluation_report_prints_overall_and_per_class_accuracy_and_writes_the_heat_map()
    {
        using var folder = new TempFolder();
        var matrix = ConfusionMatrix.FromPredictions(3, [0, 0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 0, 1, 1, 2, 2, 2, 2, 0]);
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        console.Profile.Width = 100;

        var png = EvaluationReport.Write(matrix, ["cat", "dog", "bird"], console, folder.Path);

        var text = screen.ToString();
        Assert.Contains("accuracy 70.00% (7/10)", text, StringComparison.Ordinal);
        Assert.Matches(@"cat\s*│\s*4\s*│\s*3\s*│\s*75\.00%", text);
        Assert.Matches(@"dog\s*│\s*2\s*│\s*1\s*│\s*50\.00%", text);
        Assert.Matches(@"bird\s*│\s*4\s*│\s*3\s*│\s*75\.00%", text);
        Assert.Equal(Path.Combine(folder.Path, ConfusionMatrixPlot.FileName), png);
        PngAssert.IsPng(png, 900, 800);
    }

    [Fact]
    public void Learning_curve_refresh_redraws_the_run_folder_picture_from_its_metrics()
    {
        using var folder = new TempFolder();
        AppendRow(Path.Combine(folder.Path, MetricsCsvWriter.FileName), 10, new Dictionary<string, double> { [MetricNames.LabelLoss] = 1.5, [MetricNames.TestAccuracy] = 0.4 });
        AppendRow(Path.Combine(folder.Path, MetricsCsvWriter.FileName), 20, new Dictionary<string, double> { [MetricNames.LabelLoss] = 1.1, [MetricNames.TestAccuracy] = 0.5 });

        var png = LearningCurvePlot.Refresh(folder.Path, "run");

        Assert.Equal(Path.Combine(folder.Path, LearningCurvePlot.FileName), png);
        PngAssert.IsPng(png, 1400, 550);
    }
}
