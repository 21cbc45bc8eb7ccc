using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The reference's baseline, <c>train_baseline.py</c> (docs/design.md §2.6). Without mixup it
/// is <see cref="SupervisedAlgorithm"/>. With mixup it is not purely supervised: in evaluation mode, without
/// gradients, <c>q = softmax(f(x_u))</c>; each labelled image is mixed with an unlabelled one,
/// <c>x̃ = λ x_l + (1−λ) x_u</c>, <c>ỹ = λ onehot(y_l) + (1−λ) q</c>, λ ~ Beta(α, α) per sample, and the loss is
/// <c>KL(ỹ ‖ softmax(f(x̃)))</c> "batchmean" in train mode — no meta step, no consistency term.
/// </summary>
// Step cost: without mixup it delegates to supervised, 4; with mixup α 1, μ 1: eval-mode labelled 1 + eval-mode
// unlabelled 1 + mixed forward + backward 3 = 5.
[StepBenchmarkCase("ReferenceBaseline", 4)]
[StepBenchmarkCase("ReferenceBaseline_Mixup", 5, "Mixup:Enabled=true", "Mixup:Alpha=1")]
[BuiltInAlgorithm(30)]
public sealed class ReferenceBaselineAlgorithm : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "reference-baseline";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<ReferenceBaselineOptions>(
        AlgorithmName, "reference baseline", "The reference's train_baseline.py: with mixup, labelled images mixed with unlabelled ones and their eval-mode predictions", o => new ReferenceBaselineAlgorithm(o));

    private readonly double? _mixupAlpha;
    private readonly SupervisedAlgorithm? _supervised;

    /// <summary>Creates the baseline from its options (validated by the builder).</summary>
    public ReferenceBaselineAlgorithm(ReferenceBaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mixup.Enabled)
        {
            _mixupAlpha = options.Mixup.Alpha;
            Requirements = new AlgorithmRequirements();
        }
        else
        {
            _supervised = new SupervisedAlgorithm(new SupervisedOptions { Mixup = new MixupOptions { Enabled = false } });
            Requirements = _supervised.Requirements;
        }
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; }

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
    }

    /// <inheritdoc />
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_supervised is not null)
        {
            return _supervised.Step(context);
        }

        var model = context.Model;
        var images = context.Batch.Labeled.Images;
        var labels = context.Batch.Labeled.Labels!;
        var unlabeled = context.Batch.Unlabeled.Images;
        torch.Tensor labeledLogits, q;
        using (ModelModes.Evaluate(model))
        {
            // Inference mode (issue 16); q's softmax runs outside it, so the mixup target is an ordinary tensor.
            labeledLogits = MetaStep.InferenceLogits(model, images);
            q = MetaStep.Predict(model, unlabeled);
        }

        model.train();
        StepTensors.CheckClasses(q, context.NumClasses);
        var lambda = Mixup.SampleCoefficients(images.shape[0], _mixupAlpha!.Value, context.Generator);
        var mixedImages = Mixup.Mix(images, unlabeled, lambda);
        var mixedTargets = Mixup.Mix(StepTensors.OneHot(labels, context.NumClasses, images.dtype), q, lambda);
        var loss = KullbackLeiblerConsistencyLoss.Instance.Compute(model.forward(mixedImages), mixedTargets);
        StepTensors.CheckClasses(labeledLogits, context.NumClasses);
        var metrics = new Dictionary<string, torch.Tensor>
        {
            [MetricNames.InterpLoss] = loss.detach(),
            [MetricNames.LabelLoss] = torch.nn.functional.cross_entropy(labeledLogits, labels),
            [MetricNames.LabelAccuracy] = StepTensors.Accuracy(labeledLogits, labels),
        };
        if (context.Batch.Unlabeled.Labels is { } hidden)
        {
            metrics[MetricNames.UnlabelAccuracy] = StepTensors.Accuracy(q, hidden);
        }

        return new AlgorithmStepResult(loss, metrics);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
    }
}
