using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

public class OtherCommandsParsingTests
{
    [Fact]
    public void Train_imagenet_parses_the_reference_meta_command()
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        var result = cli.Run("train-imagenet", "-a", "resnet18", "--data", folder.Path, "--save-path", "results/imagenet-meta", "--batch-size", "64", "--alpha", "1.0");

        Assert.Equal(0, result.ExitCode);
        var o = cli.TrainImageNet.Options!;
        Assert.Equal(new TrainImageNetCommandOptions { Data = folder.Path, SavePath = "results/imagenet-meta" }, o);
        Assert.Equal(("resnet18", 64, 1.0, true, 600, 5, ImageNetFormat.Auto), (o.Arch, o.BatchSize, o.Alpha, o.MixUp, o.Epochs, o.WarmupEpochs, o.Format));
    }

    [Fact]
    public void Train_imagenet_parses_the_reference_baseline_command_with_baseline()
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        var result = cli.Run("train-imagenet", "--baseline", "-a", "resnet18", "--data-path", folder.Path, "--batch-size", "128", "--format", "folder", "--mix-up", "false", "--gpu");

        Assert.Equal(0, result.ExitCode);
        var o = cli.TrainImageNet.Options!;
        Assert.Equal((true, 128, ImageNetFormat.Folder, false, "cuda"), (o.Baseline, o.BatchSize, o.Format, o.MixUp, o.Device));
        Assert.Equal(Path.Combine("results", "imagenet-baseline"), o.SavePath);
    }

    [Theory]
    [InlineData(new string[0], "Option '--data' is required.")]
    [InlineData(new[] { "--data", "/no/such/rec" }, "--data '/no/such/rec': no such folder")]
    [InlineData(new[] { "--data", ".", "--warmup-epochs", "10", "--epochs", "10" }, "--warmup-epochs 10 must be smaller than --epochs 10.")]
    [InlineData(new[] { "--data", ".", "--format", "lmdb" }, "--format 'lmdb' is not one of: auto, recordio, folder.")]
    public void Train_imagenet_refuses_bad_input(string[] flags, string message) =>
        AssertUsageError(new CliHarness().Run(["train-imagenet", .. flags]), "train-imagenet", message);

    [Fact]
    public void Split_imagenet_needs_a_download_with_train_and_reads_its_flags()
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        AssertUsageError(cli.Run("split-imagenet", "--data-path", folder.Path), "split-imagenet", "has no train/ folder");

        Directory.CreateDirectory(Path.Combine(folder.Path, "train"));
        var list = folder.Write("labeled.txt", "n01440764/n01440764_10470.JPEG\n");
        Assert.Equal(0, cli.Run("split-imagenet", "--data-path", folder.Path, "--split-file", list, "--seed", "2", "--link").ExitCode);
        Assert.Equal(new SplitImageNetCommandOptions { DataPath = folder.Path, SplitFile = list, Seed = 2, Link = true }, cli.SplitImageNet.Options);

        Assert.Equal(0, cli.Run("split-imagenet", "--data-path", folder.Path).ExitCode);
        Assert.Equal(0.1, cli.SplitImageNet.Options!.LabeledFraction);
        AssertUsageError(cli.Run("split-imagenet", "--data-path", folder.Path, "--labeled-fraction", "0"), "split-imagenet", "--labeled-fraction must be a number in (0, 1], got 0.");
        AssertUsageError(cli.Run("split-imagenet"), "split-imagenet", "Option '--data-path' is required.");
    }

    [Fact]
    public void Im2rec_parses_the_reference_list_and_pack_commands()
    {
        using var folder = new TempFolder();
        var prefix = folder.File("train_label");
        var cli = new CliHarness();

        Assert.Equal(0, cli.Run("im2rec", prefix, folder.Path, "--recursive", "--list", "--num-thread", "8").ExitCode);
        Assert.Equal(new Im2RecCommandOptions { Prefix = prefix, Root = folder.Path, Recursive = true, List = true, NumThread = 8, Exts = cli.Im2Rec.Options!.Exts }, cli.Im2Rec.Options);
        Assert.Equal([".jpeg", ".jpg", ".png"], cli.Im2Rec.Options.Exts);

        AssertUsageError(cli.Run("im2rec", prefix, folder.Path, "--recursive", "--pass-through", "--pack-label", "--num-thread", "8"), "im2rec", "no list");

        File.WriteAllText(prefix + ".lst", "0\t0.000000\tn1/a.jpeg\n");
        Assert.Equal(0, cli.Run("im2rec", prefix, folder.Path, "--recursive", "--pass-through", "--pack-label", "--no-shuffle", "--num-thread", "8").ExitCode);
        var o = cli.Im2Rec.Options!;
        Assert.Equal((true, true, true, true, false), (o.Recursive, o.PassThrough, o.PackLabel, o.NoShuffle, o.List));

        AssertUsageError(cli.Run("im2rec", prefix, "/no/such/root", "--list"), "im2rec", "ROOT '/no/such/root': no such folder");
        AssertUsageError(cli.Run("im2rec", prefix, folder.Path, "--list", "--exts", "jpeg"), "im2rec", "each extension starts with a dot");
        AssertUsageError(cli.Run("im2rec", prefix), "im2rec", "Required argument missing");
    }

    [Fact]
    public void Plot_features_parses_the_reference_command()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Write("model_best.pth", "x");
        var indices = folder.Write("label_indices.txt", "1\n");
        var cli = new CliHarness();
        var result = cli.Run("plot-features", "--dataset", "svhn", "--checkpoint-path", checkpoint, "--index-path", indices, "--save-path", folder.File("visualization"), "--num-point", "5000");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new PlotFeaturesCommandOptions
        {
            Dataset = "svhn", DataPath = Path.Combine("data", "svhn"), CheckpointPath = checkpoint, IndexPath = indices, SavePath = folder.File("visualization"),
        }, cli.PlotFeatures.Options);
        Assert.Equal((5000, 30.0, 1000), (cli.PlotFeatures.Options!.NumPoint, cli.PlotFeatures.Options.Perplexity, cli.PlotFeatures.Options.TsneIterations));
    }

    [Fact]
    public void Plot_features_refuses_missing_files_and_a_perplexity_too_large()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Write("model_best.pth", "x");
        var indices = folder.Write("label_indices.txt", "1\n");
        var cli = new CliHarness();
        AssertUsageError(cli.Run("plot-features", "--checkpoint-path", "/no/model", "--index-path", indices, "--save-path", folder.Path), "plot-features", "--checkpoint-path '/no/model': no such file");
        AssertUsageError(cli.Run("plot-features", "--checkpoint-path", checkpoint, "--index-path", indices, "--save-path", folder.Path, "--num-point", "20", "--perplexity", "30"),
            "plot-features", "--perplexity 30 must be smaller than --num-point 20 minus one.");
        AssertUsageError(cli.Run("plot-features", "--checkpoint-path", checkpoint, "--save-path", folder.Path), "plot-features", "Option '--index-path' is required.");
    }

    [Fact]
    public void Evaluate_needs_a_checkpoint_and_saves_beside_it_by_default()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Write("model_best", "x");
        var cli = new CliHarness();

        Assert.Equal(0, cli.Run("evaluate", "--checkpoint", checkpoint, "--dataset", "fashion-mnist", "--data-path", folder.Path, "-a", "convlarge").ExitCode);
        Assert.Equal(new EvaluateCommandOptions { Checkpoint = checkpoint, Dataset = "fashion-mnist", DataPath = folder.Path, SavePath = folder.Path, ArchGiven = true }, cli.Evaluate.Options);

        Assert.Equal(0, cli.Run("evaluate", "--checkpoint-path", checkpoint, "--save-path", "out", "--batch-size", "50", "--gpu").ExitCode);
        Assert.Equal(("out", 50, "cuda"), (cli.Evaluate.Options!.SavePath, cli.Evaluate.Options.BatchSize, cli.Evaluate.Options.Device));

        AssertUsageError(cli.Run("evaluate"), "evaluate", "Option '--checkpoint' is required.");
        AssertUsageError(cli.Run("evaluate", "--checkpoint", "/no/model"), "evaluate", "--checkpoint '/no/model': no such file");
    }

    [Theory]
    [InlineData("train", "--meta-gradient")]
    [InlineData("train-baseline", "--label-indices")]
    [InlineData("train-imagenet", "--warmup-epochs")]
    [InlineData("split-imagenet", "--labeled-fraction")]
    [InlineData("im2rec", "--pass-through")]
    [InlineData("plot-features", "--num-point")]
    [InlineData("evaluate", "--checkpoint")]
    public void Every_command_has_help(string command, string flag)
    {
        var result = new CliHarness().Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(flag, result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    internal static void AssertUsageError(CliResult result, string command, string message)
    {
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains(result.ErrorLines, line => line.StartsWith($"metasemi {command}: ", StringComparison.Ordinal) && line.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
