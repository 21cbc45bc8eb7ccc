using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

public class TrainCommandParsingTests
{
    [Fact]
    public void Defaults_are_the_reference_values_of_spec_section_2()
    {
        var cli = new CliHarness();
        var result = cli.Run("train");

        Assert.Equal(0, result.ExitCode);
        var o = cli.Train.Options!;
        Assert.Equal(("cifar10", 4000, "convlarge", false, 1.0, 1.0), (o.Dataset, o.NumLabel, o.Arch, o.MixUp, o.Alpha, o.Weight));
        Assert.Equal((400_000, 128, 1e-2, 0.1, 4000, 0.1), (o.TotalSteps, o.BatchSize, o.Epsilon, o.Lr, o.Warmup, o.Gamma));
        Assert.Equal([300_000, 350_000], o.Milestones);
        Assert.Equal((1e-4, 0.9, 100, 400, 1234), (o.WeightDecay, o.Momentum, o.PrintFreq, o.TestFreq, o.Seed));
        Assert.Equal(("cpu", MetaGradientMethod.FiniteDifference), (o.Device, o.MetaGradient));
        Assert.Equal(Path.Combine("data", "cifar10"), o.DataPath);
        Assert.Equal(Path.Combine("results", "cifar10-4000-meta"), o.SavePath);
        Assert.Null(o.Resume);
        Assert.Null(o.LabelIndices);
        Assert.False(o.Verbose);

        // The record's own defaults agree with the parser's.
        Assert.Equal(new TrainingCommandOptions() with { Milestones = o.Milestones }, o);
    }

    [Theory]
    [InlineData("svhn", "1000", "0.1", "results/svhn", "7788", "5e-5", 5e-5)]
    [InlineData("cifar10", "4000", "1.0", "results/cifar-10", "8469", "1e-4", 1e-4)]
    [InlineData("cifar100", "10000", "1.0", "results/cifar-100", "7788", "1e-4", 1e-4)]
    public void The_reference_readme_commands_parse_with_the_same_flags(string dataset, string numLabel, string alpha, string savePath, string seed, string weightDecay, double expectedWeightDecay)
    {
        var cli = new CliHarness();
        var result = cli.Run("train", "--dataset", dataset, "--num-label", numLabel, "-a", "convlarge", "--mix-up", "--alpha", alpha,
            "--save-path", savePath, "--seed", seed, "--weight-decay", weightDecay, "--gpu");

        Assert.Equal(0, result.ExitCode);
        var o = cli.Train.Options!;
        Assert.Equal(dataset, o.Dataset);
        Assert.Equal(int.Parse(numLabel, System.Globalization.CultureInfo.InvariantCulture), o.NumLabel);
        Assert.True(o.MixUp);
        Assert.Equal(double.Parse(alpha, System.Globalization.CultureInfo.InvariantCulture), o.Alpha);
        Assert.Equal(savePath, o.SavePath);
        Assert.Equal(int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture), o.Seed);
        Assert.Equal(expectedWeightDecay, o.WeightDecay);
        Assert.Equal("cuda", o.Device);
    }

    [Fact]
    public void Every_train_flag_reaches_the_options_record()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Write("checkpoint", "x");
        var indices = folder.Write("label_indices.txt", "1\n2\n");
        var cli = new CliHarness();
        var result = cli.Run("train", "--dataset", "fashion-mnist", "--data-path", folder.Path, "--num-label", "500", "--arch", "SmallCnn",
            "--mix-up", "--alpha", "0.5", "--weight", "2", "--total-steps", "20", "--batch-size", "32", "--epsilon", "0.001", "--lr", "0.05",
            "--warmup", "10", "--gamma", "0.5", "--milestones", "12", "16", "--weight-decay", "0", "--momentum", "0", "--seed", "9",
            "--print-freq", "5", "--test-freq", "10", "--save-path", folder.File("run"), "--resume", checkpoint, "--device", "cuda:1",
            "--meta-gradient", "exact", "--label-indices", indices, "--verbose");

        Assert.Equal(0, result.ExitCode);
        var expected = new TrainingCommandOptions
        {
            Dataset = "fashion-mnist", DataPath = folder.Path, NumLabel = 500, Arch = "smallcnn", MixUp = true, Alpha = 0.5, Weight = 2,
            TotalSteps = 20, BatchSize = 32, Epsilon = 0.001, Lr = 0.05, Warmup = 10, Gamma = 0.5, WeightDecay = 0, Momentum = 0, Seed = 9,
            PrintFreq = 5, TestFreq = 10, SavePath = folder.File("run"), Resume = checkpoint, Device = "cuda:1",
            MetaGradient = MetaGradientMethod.Exact, LabelIndices = indices, Verbose = true, Recipe = TrainingRecipes.Cpu,
        };
        Assert.Equal([12, 16], cli.Train.Options!.Milestones);
        Assert.Equal(expected with { Milestones = cli.Train.Options.Milestones }, cli.Train.Options);
        Assert.True(cli.Train.Context!.Verbose);
    }

    [Theory]
    [InlineData("fashion-mnist", "cpu")]
    [InlineData("mnist", "cpu")]
    [InlineData("cifar10", "paper")]
    [InlineData("svhn", "paper")]
    public void The_recipe_follows_the_data_set(string dataset, string recipe)
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--dataset", dataset).ExitCode);
        Assert.Equal(recipe, cli.Train.Options!.Recipe);
    }

    [Fact]
    public void The_cpu_recipe_fills_the_flags_not_given_and_every_given_flag_wins()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--dataset", "fashion-mnist", "--total-steps", "300").ExitCode);
        var o = cli.Train.Options!;
        Assert.Equal(("small-cnn", 300, 64, 100, 5e-4, 100, 20), (o.Arch, o.TotalSteps, o.BatchSize, o.Warmup, o.WeightDecay, o.TestFreq, o.PrintFreq));
        Assert.Equal([750], o.Milestones);
        Assert.Equal((0.1, 0.1), (o.Lr, o.Gamma));
    }

    [Fact]
    public void The_paper_recipe_is_one_flag_away_and_keeps_the_reference_defaults()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--dataset", "fashion-mnist", "--recipe", "paper").ExitCode);
        var o = cli.Train.Options!;
        Assert.Equal(("convlarge", 400_000, 128, 4000, 1e-4, 400, 100), (o.Arch, o.TotalSteps, o.BatchSize, o.Warmup, o.WeightDecay, o.TestFreq, o.PrintFreq));
        Assert.Equal([300_000, 350_000], o.Milestones);

        // CIFAR-10's default is the paper's: the reference README's commands train as before.
        Assert.Equal(0, cli.Run("train").ExitCode);
        Assert.Equal(("convlarge", 400_000, "paper"), (cli.Train.Options!.Arch, cli.Train.Options.TotalSteps, cli.Train.Options.Recipe));
    }

    [Fact]
    public void A_config_file_value_wins_over_the_recipe()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", """{ "batch-size": 16, "arch": "wrn28-2" }""");
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--dataset", "fashion-mnist", "--config", config).ExitCode);
        Assert.Equal(("wrn28-2", 16, 1000), (cli.Train.Options!.Arch, cli.Train.Options.BatchSize, cli.Train.Options.TotalSteps));
    }

    [Fact]
    public void An_unknown_recipe_is_one_line_naming_both()
    {
        var result = new CliHarness().Run("train", "--recipe", "fast");
        Assert.Equal("metasemi train: --recipe 'fast' is not one of: cpu, paper.", result.ErrorLines[0]);
    }

    [Theory]
    [InlineData("300000 350000")]
    [InlineData("300000,350000")]
    [InlineData("[300000, 350000]")]
    public void Milestones_accept_words_commas_and_the_reference_python_list(string text)
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run(["train", "--milestones", .. text.Split(' ')]).ExitCode);
        Assert.Equal([300_000, 350_000], cli.Train.Options!.Milestones);
    }

    [Theory]
    [InlineData(new[] { "--gpu" }, "cuda")]
    [InlineData(new[] { "--device", "cuda:2" }, "cuda:2")]
    [InlineData(new[] { "--gpu", "--device", "cuda:1" }, "cuda:1")]
    [InlineData(new[] { "--device", "CPU" }, "cpu")]
    public void Gpu_is_an_alias_for_device_cuda(string[] flags, string device)
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run(["train", .. flags]).ExitCode);
        Assert.Equal(device, cli.Train.Options!.Device);
    }

    [Fact]
    public void Gpu_with_a_cpu_device_is_a_contradiction()
    {
        var result = new CliHarness().Run("train", "--gpu", "--device", "cpu");
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains("--gpu asks for cuda but --device asks for 'cpu'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lr", "0", "--lr: Optimizer.LearningRate must be in (0, ∞); got 0.")]
    [InlineData("--lr", "fast", "--lr 'fast' is not a number.")]
    [InlineData("--alpha", "-1", "--alpha: Mixup.Alpha must be in (0, ∞); got -1.")]
    [InlineData("--weight", "-0.5", "--weight: Consistency.Weight must be in [0, ∞); got -0.5.")]
    [InlineData("--epsilon", "0", "--epsilon: MetaGradient.Epsilon must be in (0, ∞); got 0.")]
    [InlineData("--gamma", "1.5", "--gamma: Schedule.Gamma must be in (0, 1]; got 1.5.")]
    [InlineData("--momentum", "1", "--momentum: Optimizer.Momentum must be in [0, 1); got 1.")]
    [InlineData("--weight-decay", "-1e-4", "--weight-decay: Optimizer.WeightDecay must be in [0, ∞); got -0.0001.")]
    [InlineData("--batch-size", "0", "--batch-size must be >= 1, got 0.")]
    [InlineData("--total-steps", "1.5", "--total-steps '1.5' is not a whole number.")]
    [InlineData("--warmup", "-1", "--warmup must be >= 0, got -1.")]
    [InlineData("--print-freq", "0", "--print-freq must be >= 1, got 0.")]
    [InlineData("--test-freq", "0", "--test-freq must be >= 1, got 0.")]
    [InlineData("--seed", "-3", "--seed must be >= 0, got -3.")]
    [InlineData("--num-label", "4005", "--num-label 4005 is not a multiple of the 10 classes of cifar10")]
    [InlineData("--milestones", "[350000, 300000]", "--milestones '[350000, 300000]' must be strictly increasing.")]
    [InlineData("--milestones", "1e5", "'1e5' is not a positive whole number.")]
    [InlineData("--device", "tpu", "--device 'tpu' is not a device: expected cpu, cuda or cuda:N")]
    [InlineData("--meta-gradient", "second-order", "second-order")]
    [InlineData("--dataset", "imagenet", "imagenet")]
    [InlineData("--data-path", "/no/such/folder", "--data-path '/no/such/folder': no such folder")]
    [InlineData("--resume", "/no/such/checkpoint", "--resume '/no/such/checkpoint': no such file")]
    [InlineData("--label-indices", "/no/such/indices.txt", "--label-indices '/no/such/indices.txt': no such file")]
    [InlineData("--arch", " ", "-a/--arch is empty")]
    public void A_bad_value_prints_one_clear_line_and_exits_with_the_usage_code(string flag, string value, string message)
    {
        var cli = new CliHarness();
        var result = cli.Run("train", flag, value);

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Null(cli.Train.Options);
        var lines = result.ErrorLines;
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("metasemi train: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        Assert.Equal("Run 'metasemi train --help' for the options.", lines[1]);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_bad_values_give_one_line_each()
    {
        var result = new CliHarness().Run("train", "--lr", "-1", "--batch-size", "x", "--num-label", "45", "--device", "tpu", "--milestones", "3,2");

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Equal(6, result.ErrorLines.Length);
        Assert.Contains(result.ErrorLines, l => l.Contains("--lr: Optimizer.LearningRate must be", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("--batch-size 'x'", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("--num-label 45", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("--device 'tpu'", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("--milestones '3,2'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_flag_is_a_usage_error()
    {
        var result = new CliHarness().Run("train", "--learning-rate", "0.1");
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains("--learning-rate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_baseline_takes_the_shared_flags_and_the_reference_save_path_spelling()
    {
        var cli = new CliHarness();
        var result = cli.Run("train-baseline", "--dataset", "svhn", "--num-label", "1000", "--mix-up", "--alpha", "0.1", "--save_path", "results/svhn-baseline", "--gpu");

        Assert.Equal(0, result.ExitCode);
        var o = cli.TrainBaseline.Options!;
        Assert.Equal(("svhn", 1000, true, 0.1, "results/svhn-baseline", "cuda"), (o.Dataset, o.NumLabel, o.MixUp, o.Alpha, o.SavePath, o.Device));
        Assert.Equal(TrainingCommandOptions.BaselineDefaults with
        {
            Dataset = "svhn", NumLabel = 1000, MixUp = true, Alpha = 0.1, SavePath = "results/svhn-baseline", Device = "cuda",
            DataPath = Path.Combine("data", "svhn"), Milestones = o.Milestones,
        }, o);
    }

    [Fact]
    public void Train_baseline_has_no_meta_gradient_flags()
    {
        foreach (var flag in new[] { "--epsilon", "--weight", "--meta-gradient" })
        {
            var result = new CliHarness().Run("train-baseline", flag, "1");
            Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        }
    }
}
