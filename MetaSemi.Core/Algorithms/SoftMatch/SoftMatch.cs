using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// SoftMatch (Chen et al., "SoftMatch: Addressing the Quantity-Quality Trade-off in Semi-supervised Learning",
/// ICLR 2023, arXiv 2301.10921): FixMatch's hard pseudo-labels (argmax of the unaligned weak view) weighted by a
/// truncated Gaussian of the aligned confidence (<see cref="SoftMatchWeighting"/>) instead of a 0/1 mask. Its EMAs
/// are saved in checkpoints. The mask ratio reported is the mean weight.
/// </summary>
// Step cost, μ 7, weak + strong: 45, as FixMatch.
[StepBenchmarkCase("SoftMatch", 45)]
[BuiltInAlgorithm(100)]
public sealed class SoftMatch : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "softmatch";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<SoftMatchOptions>(
        AlgorithmName, "SoftMatch", "SoftMatch: truncated-Gaussian weights and distribution alignment (Chen et al., ICLR 2023)", o => new SoftMatch(o));

    private const string MeanKey = "prob_max_mu_t";
    private const string VarianceKey = "prob_max_var_t";
    private const string ClassDistributionKey = "p_model";
    private const string AlignmentUpdatesKey = "p_model_updates";
    private readonly double _weight;
    private readonly double _decay;
    private readonly double _standardDeviations;
    private readonly bool _align;
    private int _numClasses;
    private SoftMatchWeighting? _state;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public SoftMatch(SoftMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _weight = options.UnlabeledLossWeight;
        _decay = options.ProbabilityEmaDecay;
        _standardDeviations = options.StandardDeviations;
        _align = options.DistributionAlignment;
        Requirements = options.Requirements([ViewNames.Weak, ViewNames.Strong]);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; }

    /// <summary>The weighting's state (after <see cref="Initialize"/>).</summary>
    public SoftMatchWeighting State => AlgorithmState.Require(_state, nameof(SoftMatch));

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _numClasses = setup.NumClasses;
        _state = new SoftMatchWeighting(setup.NumClasses, _decay, _standardDeviations, _align, setup.Device, setup.DType);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The unlabelled batch has fewer than 2 examples.</exception>
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = State;
        int count = context.Batch.Unlabeled.Count;
        if (count < 2)
        {
            throw new InvalidOperationException(
                $"SoftMatch tracks the unbiased variance of the batch's confidence and needs at least 2 unlabelled examples per step; the batch has {count}.");
        }

        return SemiSupervisedStep.WeakStrong(context, _numClasses, (q, strongLogits) =>
        {
            var weights = state.Weights(state.Align(q));
            var unlabeledLoss = SemiSupervisedLosses.MaskedCrossEntropy(strongLogits, q.argmax(1), weights);
            return new UnlabeledPart(unlabeledLoss, _weight, q) { MaskRatio = weights.mean() };
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>
    {
        [MeanKey] = AlgorithmState.Copy(State.Mean),
        [VarianceKey] = AlgorithmState.Copy(State.Variance),
        [ClassDistributionKey] = AlgorithmState.Copy(State.ClassDistribution),
        [AlignmentUpdatesKey] = AlgorithmState.Copy(State.AlignmentUpdates),
    };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        AlgorithmState.Load(state, MeanKey, State.Mean, nameof(SoftMatch));
        AlgorithmState.Load(state, VarianceKey, State.Variance, nameof(SoftMatch));
        AlgorithmState.Load(state, ClassDistributionKey, State.ClassDistribution, nameof(SoftMatch));
        AlgorithmState.Load(state, AlignmentUpdatesKey, State.AlignmentUpdates, nameof(SoftMatch));
    }
}
