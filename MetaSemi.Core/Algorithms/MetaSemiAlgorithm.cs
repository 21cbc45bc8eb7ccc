using MetaSemi.Scheduling;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// MetaSemi (Zhang et al., "Semi-Supervised Learning with Meta-Gradient", AISTATS 2021; docs/design.md §2): the meta step
/// in evaluation mode chooses pseudo-labels ŷ whose consistency step would lower the labelled loss
/// (<see cref="IMetaOptimizer"/>: finite difference, exact or none); then, in train mode, the supervised term
/// (mixup of labelled with unlabelled images and of one-hot labels with ŷ, or cross-entropy) plus
/// <c>w_t</c> times the consistency loss between a separate forward of the unlabelled batch and ŷ.
/// </summary>
// Step cost, μ 1, mixup α 1. The finite-difference meta-gradient on n loss images = labelled forward + backward (3)
// + prediction (n/64) + two shifted forwards (2·n/64) = 6; the exact one = 3 + forward with graph (n/64) + backward
// with graph (2·n/64) + double backward (2·n/64) = 8. Then mixed forward + backward 3 + unlabelled forward + backward 3:
// 12 and 14.
[StepBenchmarkCase("MetaSemi_FiniteDifference", 12)]
[StepBenchmarkCase("MetaSemi_Exact", 14, "MetaGradient:Method=Exact")]
[BuiltInAlgorithm(10)]
public sealed class MetaSemiAlgorithm : ISemiSupervisedAlgorithm, IDescribedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "metasemi";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<MetaSemiAlgorithmOptions>(
        AlgorithmName, "MetaSemi", "MetaSemi: pseudo-labels from the meta-gradient (Zhang et al., AISTATS 2021)", o => new MetaSemiAlgorithm(o));

    private readonly IMetaOptimizer _metaOptimizer;
    private readonly IConsistencyLoss _consistencyLoss;
    private readonly IConsistencyWeightSchedule _weightSchedule;
    private readonly double? _mixupAlpha;

    /// <summary>
    /// Creates MetaSemi from its options (validated by the builder); <paramref name="metaOptimizer"/>,
    /// <paramref name="consistencyLoss"/> and <paramref name="weightSchedule"/>, when given, replace the
    /// objects the options describe.
    /// </summary>
    public MetaSemiAlgorithm(
        MetaSemiAlgorithmOptions options,
        IMetaOptimizer? metaOptimizer = null,
        IConsistencyLoss? consistencyLoss = null,
        IConsistencyWeightSchedule? weightSchedule = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metaOptimizer = metaOptimizer ?? OptionComponents.MetaOptimizer(options.MetaGradient);
        _consistencyLoss = consistencyLoss ?? OptionComponents.ConsistencyLoss(options.Consistency.Loss);
        _weightSchedule = weightSchedule ?? OptionComponents.WeightSchedule(options.Consistency);
        _mixupAlpha = options.Mixup.Enabled ? options.Mixup.Alpha : null;
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <summary>The meta step in use (its <see cref="IMetaOptimizer.Name"/> goes to options.json).</summary>
    public IMetaOptimizer MetaOptimizer => _metaOptimizer;

    /// <summary>The consistency loss in use.</summary>
    public IConsistencyLoss ConsistencyLoss => _consistencyLoss;

    /// <summary>The consistency-weight schedule in use.</summary>
    public IConsistencyWeightSchedule WeightSchedule => _weightSchedule;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; } = new();

    /// <inheritdoc />
    public AlgorithmDescription Describe() => new(_metaOptimizer.Name)
    {
        MetaOptimizer = _metaOptimizer.GetType().FullName,
        ConsistencyLoss = _consistencyLoss.Name,
        ConsistencyWeightSchedule = _weightSchedule.ToString(),
    };

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
    }

    /// <inheritdoc />
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Model;
        var labeledImages = context.Batch.Labeled.Images;
        var labels = context.Batch.Labeled.Labels!;
        var unlabeledImages = context.Batch.Unlabeled.Images;
        var meta = _metaOptimizer.Compute(model, labeledImages, labels, unlabeledImages, context.LearningRate, _consistencyLoss);
        model.train();
        var metrics = new Dictionary<string, torch.Tensor>();
        torch.Tensor supervisedLoss;
        if (_mixupAlpha is double alpha)
        {
            var lambda = Mixup.SampleCoefficients(labeledImages.shape[0], alpha, context.Generator);
            var mixedImages = Mixup.Mix(labeledImages, unlabeledImages, lambda);
            var mixedTargets = Mixup.Mix(StepTensors.OneHot(labels, context.NumClasses, labeledImages.dtype), meta.PseudoLabels, lambda);
            supervisedLoss = KullbackLeiblerConsistencyLoss.Instance.Compute(model.forward(mixedImages), mixedTargets);
            metrics[MetricNames.InterpLoss] = supervisedLoss.detach();
        }
        else
        {
            supervisedLoss = torch.nn.functional.cross_entropy(model.forward(labeledImages), labels);
        }

        var unlabeledLogits = model.forward(unlabeledImages);
        StepTensors.CheckClasses(unlabeledLogits, context.NumClasses);
        var unlabelLoss = _consistencyLoss.Compute(unlabeledLogits, meta.PseudoLabels);
        double weight = _weightSchedule.Weight(context.Step - 1);
        var loss = supervisedLoss + weight * unlabelLoss;
        StepTensors.CheckClasses(meta.LabeledLogits, context.NumClasses);
        metrics[MetricNames.UnlabelLoss] = unlabelLoss.detach();
        metrics[MetricNames.LabelLoss] = torch.nn.functional.cross_entropy(meta.LabeledLogits, labels);
        metrics[MetricNames.LabelAccuracy] = StepTensors.Accuracy(meta.LabeledLogits, labels);
        if (context.Batch.Unlabeled.Labels is { } hidden)
        {
            metrics[MetricNames.UnlabelAccuracy] = StepTensors.Accuracy(unlabeledLogits, hidden);
        }

        metrics[MetricNames.UnlabelWeight] = torch.tensor(weight, torch.float64);
        return new AlgorithmStepResult(loss, metrics);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
    }
}
