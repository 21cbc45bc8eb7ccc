using System.CommandLine;
using MetaSemi.Algorithms;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi train</c>: parses into <see cref="TrainingCommandOptions"/>.</summary>
internal sealed class TrainCommand
{
    public TrainCommand()
    {
        Shared.AddTo(Command, Weight, Epsilon, MetaGradient);
        Algorithms = new AlgorithmFlags(MetaSemi.Algorithms.AlgorithmRegistry.Default, [.. Command.Options.SelectMany(o => o.Aliases.Append(o.Name))]);
        foreach (var option in Algorithms.Options)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(Algorithms.Validate);
    }

    public Command Command { get; } = new("train", "Train MetaSemi (the reference's train_meta.py), or with --algorithm any registered algorithm, on labelled + unlabelled data.");

    /// <summary>--algorithm and each algorithm's generated flags.</summary>
    public AlgorithmFlags Algorithms { get; }

    public TrainingOptionSet Shared { get; } = new();

    public Option<double> Weight { get; } = Number("--weight", ReferenceDefaults.Weight, "Consistency weight w (ramped up over --warmup).", ConsistencyOptions.WeightRule);

    public Option<double> Epsilon { get; } = Number("--epsilon", ReferenceDefaults.Epsilon, "Finite-difference step ε0 of the meta-gradient.", MetaGradientOptions.EpsilonRule);

    public Option<MetaGradientMethod> MetaGradient { get; } = CliOptionFactory.MetaGradient();

    public TrainingCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var algorithm = result.GetValue(Algorithms.Algorithm)!;
        var defaults = new TrainingCommandOptions
        {
            Weight = result.GetValue(Weight),
            Epsilon = result.GetValue(Epsilon),
            MetaGradient = result.GetValue(MetaGradient),
            Algorithm = algorithm,
            AlgorithmFlags = Algorithms.Bind(result),
        };
        return Shared.Bind(result, defaults, algorithm == MetaSemi.Algorithms.MetaSemiAlgorithm.AlgorithmName ? "meta" : algorithm, baseline: false);
    }
}
