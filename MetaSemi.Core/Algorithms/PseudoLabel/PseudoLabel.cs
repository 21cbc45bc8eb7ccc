using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Pseudo-Label (Lee, "Pseudo-Label: The Simple and Efficient Semi-Supervised Learning Method for Deep Neural
/// Networks", ICML 2013 workshop): the model's own confident prediction on the weak view is its hard target there,
/// <c>1[max sg(p) ≥ τ] · CE(argmax sg(p), f(weak))</c> (<see cref="FixMatchLoss"/> on the weak logits), weighted by
/// λ_u times a linear ramp (<see cref="UnsupervisedWarmup"/>). The unlabelled forward does not move BatchNorm's
/// running statistics, as USB. With <see cref="PseudoLabelOptions.MetaCorrection"/> p is first moved by MetaSemi's
/// meta step (G of soft-target cross-entropy on the weak view).
/// </summary>
// Step cost, μ 1: labelled 3 + unlabelled forward + backward 3 = 6; meta-corrected on the 64 unlabelled images by
// finite difference 6 + (3 + 1 + 2) = 12, by the exact meta-gradient 6 + (3 + 1 + 2 + 2) = 14.
[StepBenchmarkCase("PseudoLabel", 6)]
[StepBenchmarkCase("PseudoLabel_MetaFiniteDifference", 12, "MetaCorrection=FiniteDifference")]
[StepBenchmarkCase("PseudoLabel_MetaExact", 14, "MetaCorrection=Exact")]
[BuiltInAlgorithm(50)]
public sealed class PseudoLabel : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "pseudolabel";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<PseudoLabelOptions>(
        AlgorithmName, "Pseudo-Label", "Pseudo-Label: confident predictions as hard targets (Lee, ICML 2013 workshop); optionally meta-corrected", o => new PseudoLabel(o));

    private readonly double _threshold;
    private readonly double _weight;
    private readonly double _warmup;
    private readonly MetaTargetCorrection _correction;
    private int _numClasses;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public PseudoLabel(PseudoLabelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _threshold = options.Threshold;
        _weight = options.UnlabeledLossWeight;
        _warmup = options.WarmupFraction;
        _correction = new MetaTargetCorrection(options.MetaCorrection, options.MetaEpsilon);
        Requirements = options.Requirements([ViewNames.Weak]);
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
        var labeled = context.Batch.Labeled;
        var unlabeled = context.Batch.Unlabeled;
        var metaGradient = _correction.MetaGradient(context.Model, labeled.Images, labeled.Labels!, unlabeled.Images);
        return SemiSupervisedStep.Separate(context, _numClasses, () =>
        {
            var unlabeledLogits = SemiSupervisedStep.ForwardUnlabeled(context.Model, unlabeled.Images)[0];
            var q = torch.nn.functional.softmax(unlabeledLogits.detach(), 1);
            var corrected = MetaTargetCorrection.Correct(q, metaGradient, context.LearningRate);
            var unlabeledLoss = FixMatchLoss.Compute(corrected, unlabeledLogits, _threshold);
            return new UnlabeledPart(unlabeledLoss.Loss, _weight * UnsupervisedWarmup.Factor(context.Step, context.TotalSteps, _warmup), corrected)
            {
                MaskRatio = unlabeledLoss.Mask.mean(),
                Metrics = _correction.Metrics(q, corrected),
            };
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state) => ArgumentNullException.ThrowIfNull(state);
}
