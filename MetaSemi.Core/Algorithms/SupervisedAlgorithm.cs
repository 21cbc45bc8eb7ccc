using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The supervised baseline (docs/design.md §2.6): cross-entropy on the labelled batch, or with mixup
/// the labelled batch mixed with a permutation of itself (Zhang et al. 2018, "mixup: Beyond Empirical Risk
/// Minimization", ICLR), <c>KL(ỹ ‖ softmax(f(x̃)))</c> "batchmean". The unlabelled half of each pair is
/// drawn (so resumption and batch accounting match a semi-supervised run) but not read. Reports the
/// labelled loss and accuracy in evaluation mode before the update, as MetaSemi does.
/// </summary>
// Step cost (labelled batch of 64, default options): eval-mode labelled forward 1 + forward + backward 3 = 4.
[StepBenchmarkCase("Supervised", 4, Baseline = true)]
[BuiltInAlgorithm(20)]
public sealed class SupervisedAlgorithm : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "supervised";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<SupervisedOptions>(
        AlgorithmName, "supervised", "Supervised: labelled data only, optional mixup between labelled images (Zhang et al., ICLR 2018)", o => new SupervisedAlgorithm(o));

    private readonly double? _mixupAlpha;

    /// <summary>Creates the baseline from its options (validated by the builder).</summary>
    public SupervisedAlgorithm(SupervisedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mixupAlpha = options.Mixup.Enabled ? options.Mixup.Alpha : null;
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; } = new() { UsesUnlabeledData = false, UnlabeledViews = [] };

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
    }

    /// <inheritdoc />
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Model;
        var images = context.Batch.Labeled.Images;
        var labels = context.Batch.Labeled.Labels!;
        torch.Tensor labeledLogits;
        using (ModelModes.Evaluate(model))
        {
            // Inference mode (issue 16): the logits only feed the reported loss and accuracy.
            labeledLogits = MetaStep.InferenceLogits(model, images);
        }

        model.train();
        var metrics = new Dictionary<string, torch.Tensor>();
        torch.Tensor loss;
        if (_mixupAlpha is double alpha)
        {
            // One permutation, then the coefficients, from the trainer's generator: the draw order is part of the numbers.
            var permutation = torch.randperm(images.shape[0], generator: context.Generator).to(images.device);
            var lambda = Mixup.SampleCoefficients(images.shape[0], alpha, context.Generator);
            var targets = StepTensors.OneHot(labels, context.NumClasses, images.dtype);
            var mixedImages = Mixup.Mix(images, images.index_select(0, permutation), lambda);
            var mixedTargets = Mixup.Mix(targets, targets.index_select(0, permutation), lambda);
            loss = KullbackLeiblerConsistencyLoss.Instance.Compute(model.forward(mixedImages), mixedTargets);
            metrics[MetricNames.InterpLoss] = loss.detach();
        }
        else
        {
            loss = torch.nn.functional.cross_entropy(model.forward(images), labels);
        }

        StepTensors.CheckClasses(labeledLogits, context.NumClasses);
        metrics[MetricNames.LabelLoss] = torch.nn.functional.cross_entropy(labeledLogits, labels);
        metrics[MetricNames.LabelAccuracy] = StepTensors.Accuracy(labeledLogits, labels);
        return new AlgorithmStepResult(loss, metrics);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
    }
}
