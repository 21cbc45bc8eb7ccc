using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FixMatch (Sohn et al., "FixMatch: Simplifying Semi-Supervised Learning with Consistency and Confidence",
/// NeurIPS 2020, arXiv 2001.07685): the weak view's confident prediction is the hard target of the strong view
/// (<see cref="FixMatchLoss"/>); <c>loss = CE(labelled) + λ_u · unlabelled loss</c>. One forward over the labelled,
/// weak and strong batches concatenated, as USB does. With <see cref="FixMatchOptions.MetaCorrection"/> the weak
/// prediction is first moved by MetaSemi's meta step (<see cref="MetaTargetCorrection"/>, G of soft-target
/// cross-entropy on the strong view). Stateless apart from the trainer's EMA.
/// </summary>
// Step cost, μ 7, weak + strong: one forward over 64 + 448 + 448 = 960 images (15) + its backward (30) = 45;
// meta-corrected on the 448 strong images by finite difference 45 + (3 + 7 + 14) = 69, exactly 45 + (3 + 7 + 14 + 14) = 83.
[StepBenchmarkCase("FixMatch", 45)]
[StepBenchmarkCase("FixMatch_MetaFiniteDifference", 69, "MetaCorrection=FiniteDifference")]
[StepBenchmarkCase("FixMatch_MetaExact", 83, "MetaCorrection=Exact")]
[BuiltInAlgorithm(70)]
public sealed class FixMatch : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "fixmatch";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<FixMatchOptions>(
        AlgorithmName, "FixMatch", "FixMatch: the confident weak view labels the strong view (Sohn et al., NeurIPS 2020); optionally meta-corrected", o => new FixMatch(o));

    private readonly double _threshold;
    private readonly double _weight;
    private readonly MetaTargetCorrection _correction;
    private int _numClasses;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public FixMatch(FixMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _threshold = options.Threshold;
        _weight = options.UnlabeledLossWeight;
        _correction = new MetaTargetCorrection(options.MetaCorrection, options.MetaEpsilon);
        Requirements = options.Requirements([ViewNames.Weak, ViewNames.Strong]);
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
        var metaGradient = _correction.MetaGradient(context.Model, labeled.Images, labeled.Labels!, context.Batch.Unlabeled.View(ViewNames.Strong));
        return SemiSupervisedStep.WeakStrong(context, _numClasses, (q, strongLogits) =>
        {
            var corrected = MetaTargetCorrection.Correct(q, metaGradient, context.LearningRate);
            var unlabeledLoss = FixMatchLoss.Compute(corrected, strongLogits, _threshold);
            return new UnlabeledPart(unlabeledLoss.Loss, _weight, corrected)
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
