using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FreeMatch (Wang et al., "FreeMatch: Self-adaptive Thresholding for Semi-supervised Learning", ICLR 2023,
/// arXiv 2205.07246): FixMatch's loss with a self-adaptive, class-scaled threshold (<see cref="FreeMatchThresholds"/>)
/// plus the class-fairness term (<see cref="FreeMatchFairnessLoss"/>):
/// <c>loss = CE(labelled) + λ_u · unlabelled loss + λ_f · fairness</c>. Its EMAs are saved in checkpoints.
/// </summary>
// Step cost, μ 7, weak + strong: 45, as FixMatch (the fairness loss reads the strong logits already computed).
[StepBenchmarkCase("FreeMatch", 45)]
[BuiltInAlgorithm(90)]
public sealed class FreeMatch : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "freematch";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<FreeMatchOptions>(
        AlgorithmName, "FreeMatch", "FreeMatch: self-adaptive thresholds and class fairness (Wang et al., ICLR 2023)", o => new FreeMatch(o));

    /// <summary>The metric name of the fairness term.</summary>
    public const string FairnessLossMetric = "train/fairness-loss";

    private const string GlobalThresholdKey = "time_p";
    private const string ClassProbabilitiesKey = "p_model";
    private const string LabelHistogramKey = "label_hist";
    private readonly double _weight;
    private readonly double _fairnessWeight;
    private readonly double _decay;
    private int _numClasses;
    private FreeMatchThresholds? _state;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public FreeMatch(FreeMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _weight = options.UnlabeledLossWeight;
        _fairnessWeight = options.FairnessLossWeight;
        _decay = options.ProbabilityEmaDecay;
        Requirements = options.Requirements([ViewNames.Weak, ViewNames.Strong]);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; }

    /// <summary>The thresholds' state (after <see cref="Initialize"/>).</summary>
    public FreeMatchThresholds State => AlgorithmState.Require(_state, nameof(FreeMatch));

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _numClasses = setup.NumClasses;
        _state = new FreeMatchThresholds(setup.NumClasses, _decay, setup.Device, setup.DType);
    }

    /// <inheritdoc />
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = State;
        return SemiSupervisedStep.WeakStrong(context, _numClasses, (q, strongLogits) =>
        {
            state.Update(q);
            var mask = state.Mask(q);
            var unlabeledLoss = SemiSupervisedLosses.MaskedCrossEntropy(strongLogits, q.argmax(1), mask);
            var fairness = FreeMatchFairnessLoss.Compute(mask, strongLogits, state.ClassProbabilities, state.LabelHistogram);
            return new UnlabeledPart(unlabeledLoss, _weight, q)
            {
                MaskRatio = mask.mean(),
                AuxiliaryLosses = [new AuxiliaryLoss(FairnessLossMetric, fairness, _fairnessWeight)],
            };
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>
    {
        [GlobalThresholdKey] = AlgorithmState.Copy(State.GlobalThreshold),
        [ClassProbabilitiesKey] = AlgorithmState.Copy(State.ClassProbabilities),
        [LabelHistogramKey] = AlgorithmState.Copy(State.LabelHistogram),
    };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        AlgorithmState.Load(state, GlobalThresholdKey, State.GlobalThreshold, nameof(FreeMatch));
        AlgorithmState.Load(state, ClassProbabilitiesKey, State.ClassProbabilities, nameof(FreeMatch));
        AlgorithmState.Load(state, LabelHistogramKey, State.LabelHistogram, nameof(FreeMatch));
    }
}
