using MetaSemi.Algorithms;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Samples.CustomAlgorithm;

/// <summary>
/// Entropy minimisation (Grandvalet and Bengio, 2005): the labelled cross-entropy plus λ_u times the mean entropy of the
/// network's predictions on the unlabelled images' weak view, so that training pushes the decision boundary away from
/// the unlabelled images. Written with the library's public building blocks only — the step skeleton
/// <see cref="SemiSupervisedStep"/> with its <see cref="UnlabeledPart"/>, and <see cref="UnsupervisedWarmup"/> — as
/// docs/algorithms.md ("Your own algorithm") describes.
/// </summary>
public sealed class EntropyMinimization : ISemiSupervisedAlgorithm
{
    /// <summary>The name it is registered under.</summary>
    public const string AlgorithmName = "entropy-minimization";

    /// <summary>Name, display name, description, options type and factory, for <see cref="AlgorithmRegistry.Register(AlgorithmRegistration)"/>.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<EntropyMinimizationOptions>(
        AlgorithmName, "Entropy minimisation", "CE + λ_u · mean entropy of the predictions on the unlabelled weak view", o => new EntropyMinimization(o));

    /// <summary>The extra metric it reports: the share of unlabelled images predicted with probability ≥ 0.95.</summary>
    public const string ConfidentShare = "confident-share";

    private readonly EntropyMinimizationOptions _options;
    private int _numClasses;

    /// <summary>Creates the algorithm; the options are validated here, with the library's messages.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names each).</exception>
    public EntropyMinimization(EntropyMinimizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
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
        var unlabeled = context.Batch.Unlabeled;

        // The labelled cross-entropy, then this part; the unlabelled forward must not move BatchNorm's running
        // statistics (evaluation uses the labelled ones), which ForwardUnlabeled sees to.
        return SemiSupervisedStep.Separate(context, _numClasses, () =>
        {
            var logits = SemiSupervisedStep.ForwardUnlabeled(context.Model, unlabeled.Images)[0];

            // H(p) = −Σ_c p_c log p_c, differentiated through p (no detach: the entropy itself is minimised).
            var logP = torch.nn.functional.log_softmax(logits, 1);
            var entropy = -(logP.exp() * logP).sum(1).mean();
            double weight = _options.UnlabeledLossWeight * UnsupervisedWarmup.Factor(context.Step, context.TotalSteps, _options.WarmupFraction);
            var confident = logP.detach().exp().amax(1).ge(0.95).to(logits.dtype).mean();
            return new UnlabeledPart(entropy, weight, logits) { Metrics = [(ConfidentShare, confident)] };
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state)
    {
    }
}
