using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

public class ConfigFileTests
{
    [Fact]
    public void Options_come_from_the_json_file_and_the_command_line_wins()
    {
        using var folder = new TempFolder();
        var config = folder.Write("run.json", """
            {
              // comments and trailing commas are allowed
              "dataset": "svhn",
              "numLabel": 1000,
              "lr": 0.05,
              "milestones": [100, 200],
              "mix-up": true,
              "weight_decay": 5e-5,
              "--seed": 3,
              "meta-gradient": "exact",
            }
            """);

        var cli = new CliHarness();
        var result = cli.Run("train", "--config", config, "--lr", "0.2", "--seed", "11");

        Assert.Equal(0, result.ExitCode);
        var o = cli.Train.Options!;
        Assert.Equal(("svhn", 1000, true, 5e-5, MetaGradientMethod.Exact), (o.Dataset, o.NumLabel, o.MixUp, o.WeightDecay, o.MetaGradient));
        Assert.Equal([100, 200], o.Milestones);
        Assert.Equal(0.2, o.Lr);
        Assert.Equal(11, o.Seed);
        Assert.Equal(config, o.Config);
        Assert.Equal(0.9, o.Momentum);
    }

    [Fact]
    public void A_false_flag_in_the_file_stays_false_and_the_command_line_flag_wins()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", """{ "mix-up": false, "gpu": true }""");

        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--config", config).ExitCode);
        Assert.False(cli.Train.Options!.MixUp);
        Assert.Equal("cuda", cli.Train.Options.Device);

        Assert.Equal(0, cli.Run("train", "--config", config, "--mix-up", "--device", "cpu").ExitCode);
        Assert.True(cli.Train.Options.MixUp);
        Assert.Equal("cpu", cli.Train.Options.Device);
    }

    [Fact]
    public void An_unknown_key_is_named_with_the_file()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", """{ "learning-rate": 0.1 }""");

        var result = new CliHarness().Run("train", "--config", config);

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains($"--config '{config}': 'learning-rate' is not an option of 'train'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_the_file_says_it_came_from_the_file()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", """{ "lr": -1, "batch-size": "many" }""");

        var result = new CliHarness().Run("train", "--config", config);

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains($"--lr: Optimizer.LearningRate must be in (0, ∞); got -1. (value from --config '{config}')", result.Error, StringComparison.Ordinal);
        Assert.Contains($"--batch-size 'many' is not a whole number. (value from --config '{config}')", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object of options")]
    [InlineData("{ \"lr\": ", "not valid JSON")]
    [InlineData("{ \"lr\": { \"value\": 1 } }", "'lr' has a Object value")]
    public void A_malformed_file_is_a_usage_error_naming_the_file(string content, string message)
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", content);

        var result = new CliHarness().Run("train", "--config", config);

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains(config, result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_file_is_a_usage_error()
    {
        var result = new CliHarness().Run("train", "--config", "/no/such/config.json");
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains("--config '/no/such/config.json': no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_imagenet_reads_a_config_file_too()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", $$"""{ "data": "{{folder.Path.Replace("\\", "\\\\", StringComparison.Ordinal)}}", "epochs": 90, "batch-size": 32 }""");

        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train-imagenet", "--config", config, "--batch-size", "16").ExitCode);
        Assert.Equal((folder.Path, 90, 16), (cli.TrainImageNet.Options!.Data, cli.TrainImageNet.Options.Epochs, cli.TrainImageNet.Options.BatchSize));
    }

    [Theory]
    [InlineData("numLabel", "num-label")]
    [InlineData("NumLabel", "num-label")]
    [InlineData("num_label", "num-label")]
    [InlineData("--num-label", "num-label")]
    [InlineData("lr", "lr")]
    public void Keys_are_read_in_camel_pascal_snake_or_flag_case(string key, string flag) => Assert.Equal(flag, ConfigFile.ToKebabCase(key));

    [Theory]
    [InlineData("bf16")]
    [InlineData("fp32")]
    public void A_runs_own_args_json_replays_its_precision(string precision)
    {
        using var folder = new TempFolder();
        var first = new CliHarness();
        Assert.Equal(0, first.Run("train", "--dataset", "fashion-mnist", "--data-path", ShippedData.FashionMnistSmall, "--precision", precision).ExitCode);
        var recorded = first.Train.Options!;
        var config = folder.File(CommandOptionsJson.FileName);
        File.WriteAllBytes(config, CommandOptionsJson.ToBytes(recorded));

        var replay = new CliHarness();
        var result = replay.Run("train", "--config", config);

        Assert.True(result.ExitCode == 0, string.Join('\n', result.ErrorLines));
        Assert.Equal(recorded.Precision, replay.Train.Options!.Precision);
        Assert.Equal(precision == "bf16" ? MetaSemi.Precision.BFloat16 : MetaSemi.Precision.Float32, recorded.Precision);
    }
}
