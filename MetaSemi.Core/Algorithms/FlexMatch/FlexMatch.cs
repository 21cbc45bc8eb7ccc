using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// FlexMatch (Zhang et al., "FlexMatch: Boosting Semi-Supervised Learning with Curriculum Pseudo Labeling",
/// NeurIPS 2021, arXiv 2110.08263): FixMatch with per-class flexible thresholds from how many unlabelled examples
/// were last predicted as each class above τ (<see cref="FlexMatchThresholds"/>); needs the unlabelled examples'
/// indices. Its state (per-example predictions and β) is saved in checkpoints.
/// </summary>
// Step cost, μ 7, weak + strong, example indices: 45, as FixMatch (the per-class thresholds are bookkeeping).
[StepBenchmarkCase("FlexMatch", 45)]
[BuiltInAlgorithm(80)]
public sealed class FlexMatch : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "flexmatch";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<FlexMatchOptions>(
        AlgorithmName, "FlexMatch", "FlexMatch: FixMatch with curriculum per-class thresholds (Zhang et al., NeurIPS 2021)", o => new FlexMatch(o));

    private const string SelectedLabelsKey = "selected_label";
    private const string LearningEffectKey = "classwise_acc";
    private readonly double _threshold;
    private readonly bool _warmup;
    private readonly double _weight;
    private int _numClasses;
    private FlexMatchThresholds? _state;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public FlexMatch(FlexMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _threshold = options.Threshold;
        _warmup = options.ThresholdWarmup;
        _weight = options.UnlabeledLossWeight;
        Requirements = options.Requirements([ViewNames.Weak, ViewNames.Strong], usesExampleIndices: true);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; }

    /// <summary>The thresholds' state (after <see cref="Initialize"/>).</summary>
    public FlexMatchThresholds State => AlgorithmState.Require(_state, nameof(FlexMatch));

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The size of the unlabelled pool is unknown (0).</exception>
    public void Initialize(AlgorithmSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.UnlabeledCount < 1)
        {
            throw new ArgumentException("FlexMatch keeps one prediction per unlabelled example and needs the size of the unlabelled pool; the data source reports none.", nameof(setup));
        }

        _numClasses = setup.NumClasses;
        _state = new FlexMatchThresholds(setup.UnlabeledCount, setup.NumClasses, _threshold, _warmup, setup.Device, setup.DType);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The unlabelled batch carries no example indices.</exception>
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = State;
        var indices = context.Batch.Unlabeled.Indices
            ?? throw new InvalidOperationException("FlexMatch needs the unlabelled examples' indices (Requirements.UsesExampleIndices); the batch has none.");
        CheckIndices(indices, state.SelectedLabels.shape[0]);
        return SemiSupervisedStep.WeakStrong(context, _numClasses, (q, strongLogits) =>
        {
            var thresholds = state.Thresholds(q.argmax(1));
            var unlabeledLoss = FixMatchLoss.Compute(q, strongLogits, thresholds);
            state.Update(indices, unlabeledLoss.Confidence, unlabeledLoss.PseudoLabels);
            return new UnlabeledPart(unlabeledLoss.Loss, _weight, q) { MaskRatio = unlabeledLoss.Mask.mean() };
        });
    }

    private static void CheckIndices(torch.Tensor indices, long unlabeledCount)
    {
        if (indices.numel() == 0)
        {
            return;
        }

        var range = torch.stack([indices.min(), indices.max()]).cpu().data<long>().ToArray();
        if (range[0] < 0 || range[1] >= unlabeledCount)
        {
            throw new InvalidOperationException(
                $"FlexMatch: the unlabelled batch has example indices from {range[0]} to {range[1]}; expected 0 to {unlabeledCount - 1} (the unlabelled pool's size given at Initialize).");
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>
    {
        [SelectedLabelsKey] = AlgorithmState.Copy(State.SelectedLabels),
        [LearningEffectKey] = AlgorithmState.Copy(State.LearningEffect),
    };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        AlgorithmState.Load(state, SelectedLabelsKey, State.SelectedLabels, nameof(FlexMatch));
        AlgorithmState.Load(state, LearningEffectKey, State.LearningEffect, nameof(FlexMatch));
    }
}
