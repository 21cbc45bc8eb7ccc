using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The Π-model (Laine &amp; Aila, "Temporal Ensembling for Semi-Supervised Learning", ICLR 2017, arXiv 1610.02242):
/// two weak views of each unlabelled image should get the same prediction (<see cref="PiModelLoss"/>), weighted by
/// λ_u times a linear ramp (<see cref="UnsupervisedWarmup"/>). The unlabelled forwards do not move BatchNorm's
/// running statistics, as USB. Stateless apart from the trainer's EMA.
/// </summary>
// Step cost, μ 1, views weak + weak2: labelled 3 + two unlabelled forward + backward 3 + 3 = 9.
[StepBenchmarkCase("PiModel", 9)]
[BuiltInAlgorithm(40)]
public sealed class PiModel : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "pimodel";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<PiModelOptions>(
        AlgorithmName, "Pi-Model", "Π-model: two weak views agree (Laine & Aila, ICLR 2017)", o => new PiModel(o));

    private readonly double _weight;
    private readonly double _warmup;
    private int _numClasses;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public PiModel(PiModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _weight = options.UnlabeledLossWeight;
        _warmup = options.WarmupFraction;
        Requirements = options.Requirements([ViewNames.Weak, ViewNames.Weak2]);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; }

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _numClasses = setup.NumClasses;
    }

    /// <inheritdoc />
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var unlabeled = context.Batch.Unlabeled;
        return SemiSupervisedStep.Separate(context, _numClasses, () =>
        {
            var logits = SemiSupervisedStep.ForwardUnlabeled(context.Model, unlabeled.Images, unlabeled.View(ViewNames.Weak2));
            var unlabeledLoss = PiModelLoss.Compute(logits[0], logits[1]);
            return new UnlabeledPart(unlabeledLoss, _weight * UnsupervisedWarmup.Factor(context.Step, context.TotalSteps, _warmup), logits[0]);
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state) => ArgumentNullException.ThrowIfNull(state);
}
