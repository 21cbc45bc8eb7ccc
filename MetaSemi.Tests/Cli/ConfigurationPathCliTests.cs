using MetaSemi.Algorithms;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using Microsoft.Extensions.Options;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// The command line on the one configuration path (docs/library.md, "One configuration path"): its flags are typed from
/// parse to the algorithm's options (Core's <see cref="MetaGradientMethod"/>, no copy of it, no text in between), every
/// training command builds the options <c>UseMetaSemi</c> edits, and an invalid value gives the builder's message.
/// </summary>
public sealed class ConfigurationPathCliTests
{
    [Fact]
    public void Train_parses_the_meta_gradient_into_Cores_enum_and_gives_the_options_UseMetaSemi_edits()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--meta-gradient", "exact", "--epsilon", "0.02", "--mix-up", "--alpha", "0.5", "--weight", "0.7", "--warmup", "3").ExitCode);

        Assert.Equal(MetaGradientMethod.Exact, cli.Train.Options!.MetaGradient);
        var options = Assert.IsType<MetaSemiAlgorithmOptions>(TrainingRunSettings.From(cli.Train.Options).AlgorithmOptions());
        Assert.Equal((MetaGradientMethod.Exact, 0.02, true, 0.5, ConsistencyLossKind.SquaredL2, 0.7, 3L),
            (options.MetaGradient.Method, options.MetaGradient.Epsilon, options.Mixup.Enabled, options.Mixup.Alpha, options.Consistency.Loss, options.Consistency.Weight, options.Consistency.RampSteps));
    }

    [Theory]
    [InlineData(false, "metasemi")]
    [InlineData(true, "supervised")]
    public void Train_imagenet_chooses_its_algorithm_with_the_same_options_classes(bool baseline, string expected)
    {
        using var folder = new TempFolder();
        var cli = new CliHarness();
        string[] args = ["train-imagenet", "--data", folder.Path, "--meta-gradient", "none", "--epsilon", "0.03", "--alpha", "0.2", .. baseline ? new[] { "--baseline" } : []];
        Assert.Equal(0, cli.Run(args).ExitCode);

        var (name, options) = TrainerOptions.ImageNetAlgorithm(cli.TrainImageNet.Options!);
        Assert.Equal(expected, name);
        if (options is MetaSemiAlgorithmOptions metaSemi)
        {
            Assert.Equal((MetaGradientMethod.None, 0.03, true, 0.2, 1.0, 0L),
                (metaSemi.MetaGradient.Method, metaSemi.MetaGradient.Epsilon, metaSemi.Mixup.Enabled, metaSemi.Mixup.Alpha, metaSemi.Consistency.Weight, metaSemi.Consistency.RampSteps));
        }
        else
        {
            Assert.Equal((true, 0.2), (Assert.IsType<SupervisedOptions>(options).Mixup.Enabled, ((SupervisedOptions)options).Mixup.Alpha));
        }
    }

    [Theory]
    [InlineData("--meta-gradient", "FiniteDifference", MetaGradientMethod.FiniteDifference)]
    [InlineData("--meta-gradient", "EXACT", MetaGradientMethod.Exact)]
    [InlineData("--meta-gradient", "none", MetaGradientMethod.None)]
    public void The_meta_gradient_reads_the_enums_names_in_kebab_case_or_as_written(string flag, string value, MetaGradientMethod expected)
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", flag, value).ExitCode);
        Assert.Equal(expected, cli.Train.Options!.MetaGradient);
    }

    /// <summary>Each flag that sets an option checked by a rule, the bad value, and the option as the builder sets it.</summary>
    public static TheoryData<string, string, string, Action<MetaSemiAlgorithmOptions>> InvalidValues => new()
    {
        { "train", "--epsilon", "0", o => o.MetaGradient.Epsilon = 0 },
        { "train", "--alpha", "-1", o => o.Mixup.Alpha = -1 },
        { "train", "--weight", "-0.5", o => o.Consistency.Weight = -0.5 },
        { "train-imagenet", "--epsilon", "0", o => o.MetaGradient.Epsilon = 0 },
        { "train-imagenet", "--alpha", "0", o => o.Mixup.Alpha = 0 },
        { "meta-step", "--epsilon", "-1", o => o.MetaGradient.Epsilon = -1 },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void An_invalid_value_gives_the_builders_message_after_the_flag(string command, string flag, string value, Action<MetaSemiAlgorithmOptions> corrupt)
    {
        var (train, _) = MetaSemi.Tests.Core.SyntheticProblems.TwoMoons(1, 2, 8, 8, 4);
        var built = Assert.Throws<OptionsValidationException>(() =>
            SemiSupervisedTrainer.Create().UseMetaSemi(corrupt).WithModel(MetaSemi.Tests.Core.TrainerTestKit.Mlp(1)).WithData(train).Build());
        string message = Assert.Single(built.Failures);

        var result = new CliHarness().Run(command, flag, value);

        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.Contains($"{flag}: {message}", result.Error, StringComparison.Ordinal);
    }
}
