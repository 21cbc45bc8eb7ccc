using MetaSemi.Algorithms;
using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Plotting;
using MetaSemi.Data;

namespace MetaSemi.Tests.Cli;

/// <summary><c>metasemi train</c> and <c>train-baseline</c> end to end on the shipped Fashion-MNIST subset (small-cnn, 20 steps).</summary>
public sealed class TrainEndToEndTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    [Fact]
    public void Train_succeeds_and_ends_with_a_summary_line()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.Error + run.Result.Output);
        var summary = run.Result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith("meta fashion-mnist 100 labels small-cnn: 20 steps, test accuracy ", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_run_folder_holds_log_labels_checkpoints_metrics_picture_and_arguments()
    {
        Assert.Equal(0, run.Result.ExitCode);
        foreach (var name in new[] { "log.txt", LabelIndicesFile.FileName, "checkpoint", "model_best", MetricsCsvWriter.FileName, LearningCurvePlot.FileName, CommandOptionsJson.FileName, "options.json" })
        {
            Assert.True(File.Exists(run.File(name)), $"{name} missing from the run folder");
        }

        // 100 class-balanced labels: 10 of each of the 10 classes, distinct indices of the 10 000 training images.
        var indices = LabelIndicesFile.Read(run.File(LabelIndicesFile.FileName));
        Assert.Equal(100, indices.Length);
        Assert.Equal(100, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0, 9999));
        using var train = DatasetLoader.Load("fashion-mnist", ShippedData.FashionMnistSmall, train: true);
        var labels = train.GetLabelArray();
        Assert.All(indices.GroupBy(i => labels[i]), g => Assert.Equal(10, g.Count()));

        // The metrics file is Core's: one row per step, test accuracy at steps 10 and 20, read by the CLI's reader.
        var metrics = MetricsCsvReader.Read(run.File(MetricsCsvWriter.FileName));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), metrics.Steps);
        var (testSteps, testAccuracy) = metrics.Series(MetricNames.TestAccuracy);
        Assert.Equal([10.0, 20.0], testSteps);
        Assert.All(testAccuracy, a => Assert.InRange(a, 0.0, 1.0));
        var (_, lr) = metrics.Series(MetricNames.LearningRate);
        Assert.Equal(0.0, lr[0], 12);            // warm-up: lr·t/5 at t = 0
        Assert.Equal(0.05, lr[5], 12);           // step 6 (t = 5): full lr
        Assert.Equal(0.005, lr[19], 12);         // after milestone 15: lr·γ
        PngAssert.IsPng(run.File(LearningCurvePlot.FileName), 1400, 550);

        var log = File.ReadAllText(run.File("log.txt"));
        Assert.Contains("MetaSemi.SemiSupervisedTrainer", log, StringComparison.Ordinal);
        Assert.Contains("checkpoint", log, StringComparison.OrdinalIgnoreCase);

        var args = File.ReadAllText(run.File(CommandOptionsJson.FileName));
        Assert.Contains("\"arch\": \"small-cnn\"", args, StringComparison.Ordinal);
        Assert.Contains("\"total-steps\": 20", args, StringComparison.Ordinal);
        Assert.Contains("\"milestones\": [", args, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_continues_from_the_checkpoint_to_30_steps()
    {
        Assert.Equal(0, run.Result.ExitCode);
        using var folder = new TempFolder();
        var resumed = CopyOfRun(folder.File("resumed"));
        var result = CliHarness.Run(CommandHandlers.Default,
            [.. TrainedRunFixture.TrainArguments(resumed), "--total-steps", "30", "--resume", Path.Combine(resumed, "checkpoint")]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains(": 30 steps, test accuracy ", result.Output, StringComparison.Ordinal);

        // Steps 21..30 were trained after the run's 20: one row per step, the last evaluation at 30.
        var metrics = MetricsCsvReader.Read(Path.Combine(resumed, MetricsCsvWriter.FileName));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), metrics.Steps);
        Assert.Equal(30.0, metrics.Series(MetricNames.TestAccuracy).Steps[^1]);
        Assert.Equal(30, Checkpoint.ReadInfo(Path.Combine(resumed, "checkpoint")).Step);
        Assert.Contains("Resum", File.ReadAllText(Path.Combine(resumed, "log.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_from_a_checkpoint_of_another_architecture_is_one_clear_error()
    {
        Assert.Equal(0, run.Result.ExitCode);
        using var folder = new TempFolder();
        string[] args = [.. TrainedRunFixture.TrainArguments(folder.File("other")), "--total-steps", "30", "--init-from", run.File("checkpoint")];
        args[Array.IndexOf(args, "small-cnn")] = "wrn28-2";
        var result = CliHarness.Run(CommandHandlers.Default, args);
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--init-from", result.Error, StringComparison.Ordinal);
        Assert.Contains("another architecture", result.Error, StringComparison.Ordinal);
    }

    private string CopyOfRun(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(run.RunFolder))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        return destination;
    }

    [Fact]
    public void Train_baseline_writes_its_run_folder()
    {
        using var folder = new TempFolder();
        var runFolder = folder.File("baseline");
        // Another seed, but the labelled subset comes from the MetaSemi run's file.
        string[] args = [.. TrainedRunFixture.TrainArguments(runFolder), "--total-steps", "20", "--label-indices", run.File(LabelIndicesFile.FileName)];
        args[0] = "train-baseline";
        args[Array.IndexOf(args, "--seed") + 1] = "99";
        var result = CliHarness.Run(CommandHandlers.Default, args);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("baseline fashion-mnist 100 labels small-cnn: 20 steps, test accuracy ", result.Output, StringComparison.Ordinal);
        foreach (var name in new[] { "log.txt", LabelIndicesFile.FileName, "checkpoint", "model_best", MetricsCsvWriter.FileName, LearningCurvePlot.FileName, CommandOptionsJson.FileName })
        {
            Assert.True(File.Exists(Path.Combine(runFolder, name)), $"{name} missing from the baseline run folder");
        }

        // The given labelled subset is the one used and recorded; the baseline has no consistency loss.
        Assert.Equal(File.ReadAllLines(run.File(LabelIndicesFile.FileName)), File.ReadAllLines(Path.Combine(runFolder, LabelIndicesFile.FileName)));
        var metrics = MetricsCsvReader.Read(Path.Combine(runFolder, MetricsCsvWriter.FileName));
        Assert.Empty(metrics.Series(MetricNames.UnlabelLoss).Steps);
        Assert.Equal(20, metrics.Series(MetricNames.LabelLoss).Steps.Length);
    }

    [Fact]
    public void A_data_path_without_the_data_set_names_the_files_looked_for()
    {
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "fashion-mnist", "--data-path", folder.Path, "--save-path", folder.File("run"));
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--data-path", result.Error, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte.gz", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_architecture_lists_the_model_zoo()
    {
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
            "-a", "vgg16", "--num-label", "100", "--save-path", folder.File("run"));
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("'vgg16'", result.Error, StringComparison.Ordinal);
        Assert.Contains("small-cnn", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_reports_the_accuracy_the_trainer_measured_at_the_checkpoint_step()
    {
        Assert.Equal(0, run.Result.ExitCode);
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "evaluate", "--checkpoint", run.File("checkpoint"), "--dataset", "fashion-mnist",
            "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn", "--save-path", folder.Path);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);

        // The trainer's own evaluation of the same weights at step 20 (metrics.csv) must agree with evaluate's count.
        var metrics = MetricsCsvReader.Read(run.File(MetricsCsvWriter.FileName));
        double trainerAccuracy = metrics.Series(MetricNames.TestAccuracy).Values[^1];
        var match = System.Text.RegularExpressions.Regex.Match(result.Output, @"accuracy (\d+\.\d\d)% \((\d+)/(\d+)\)");
        Assert.True(match.Success, result.Output);
        Assert.Equal(2000, int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.Equal(trainerAccuracy * 2000, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 6);
        Assert.Contains("Ankle boot", result.Output, StringComparison.Ordinal);
        PngAssert.IsPng(Path.Combine(folder.Path, ConfusionMatrixPlot.FileName), 900, 800);
    }

    [Fact]
    public void Evaluate_with_the_wrong_architecture_is_one_clear_error()
    {
        Assert.Equal(0, run.Result.ExitCode);
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "evaluate", "--checkpoint", run.File("checkpoint"), "--dataset", "fashion-mnist",
            "--data-path", ShippedData.FashionMnistSmall, "-a", "wrn28-2", "--save-path", folder.Path);
        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("another architecture", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_features_writes_the_t_sne_picture_of_labelled_unlabelled_and_test_points()
    {
        Assert.Equal(0, run.Result.ExitCode);
        using var folder = new TempFolder();
        var result = CliHarness.Run(CommandHandlers.Default, "plot-features", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
            "--checkpoint-path", run.File("model_best"), "--index-path", run.File(LabelIndicesFile.FileName), "--save-path", folder.Path,
            "-a", "small-cnn", "--num-point", "150", "--perplexity", "10", "--tsne-iterations", "250");
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("t-SNE of 150 points (50 labelled, 50 unlabelled, 50 test)", result.Output, StringComparison.Ordinal);
        PngAssert.IsPng(Path.Combine(folder.Path, FeaturePicture.FileName), 1100, 850);
    }

    [Fact]
    public void Every_training_flag_reaches_the_trainer_options_recorded_in_options_json()
    {
        using var folder = new TempFolder();
        var runFolder = folder.File("flags");
        var result = CliHarness.Run(CommandHandlers.Default, "train", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall,
            "-a", "small-cnn", "--num-label", "50", "--batch-size", "8", "--total-steps", "2", "--test-freq", "2", "--print-freq", "1",
            "--meta-gradient", "exact", "--epsilon", "0.02", "--weight", "0.5", "--warmup", "3", "--milestones", "5", "7", "--gamma", "0.5",
            "--lr", "0.03", "--momentum", "0.8", "--weight-decay", "5e-5", "--seed", "11", "--save-path", runFolder);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "options.json")));
        Assert.Equal("metasemi", json.RootElement.GetProperty("Algorithm").GetString());
        var a = json.RootElement.GetProperty("AlgorithmOptions");
        Assert.Equal("Exact", a.GetProperty("MetaGradient").GetProperty("Method").GetString());
        Assert.Equal(0.02, a.GetProperty("MetaGradient").GetProperty("Epsilon").GetDouble());
        Assert.False(a.GetProperty("Mixup").GetProperty("Enabled").GetBoolean());
        Assert.Equal(0.5, a.GetProperty("Consistency").GetProperty("Weight").GetDouble());
        Assert.Equal(3, a.GetProperty("Consistency").GetProperty("RampSteps").GetInt64());
        var o = json.RootElement.GetProperty("Options");
        Assert.Equal(0.03, o.GetProperty("Optimizer").GetProperty("LearningRate").GetDouble());
        Assert.Equal(0.8, o.GetProperty("Optimizer").GetProperty("Momentum").GetDouble());
        Assert.Equal(5e-5, o.GetProperty("Optimizer").GetProperty("WeightDecay").GetDouble());
        var schedule = o.GetProperty("Schedule");
        Assert.Equal("WarmupMultiStep", schedule.GetProperty("Kind").GetString());
        Assert.Equal(3, schedule.GetProperty("WarmupSteps").GetInt64());
        Assert.Equal([5L, 7L], schedule.GetProperty("Milestones").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(0.5, schedule.GetProperty("Gamma").GetDouble());
        Assert.Equal(2, o.GetProperty("Evaluation").GetProperty("EverySteps").GetInt32());
        Assert.Equal(11, o.GetProperty("Seed").GetInt32());
        Assert.Equal("MetaSemi.Algorithms.ExactMetaGradient", json.RootElement.GetProperty("MetaOptimizer").GetString());
    }

    [Fact]
    public void Cancelling_a_run_writes_a_checkpoint_and_exits_130()
    {
        using var folder = new TempFolder();
        var runFolder = folder.File("cancelled");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var result = CliHarness.Run(CommandHandlers.Default, cancellation.Token, [.. TrainedRunFixture.TrainArguments(runFolder), "--total-steps", "1000000"]);
        Assert.Equal(CliApplication.CancelledExitCode, result.ExitCode);
        Assert.Contains("(cancelled)", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runFolder, "checkpoint")));
    }
}
