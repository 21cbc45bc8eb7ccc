using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Base of every network in the zoo: a TorchSharp module whose forward pass is by construction
/// <c>Classify(Features(x))</c>, so the feature/classifier split can never drift from forward.
/// </summary>
public abstract class FeatureModel : nn.Module<Tensor, Tensor>, MetaSemi.Files.IDescribesArchitecture
{
    /// <summary>Initialises the module with its TorchSharp name.</summary>
    /// <param name="name">Module name (shown by TorchSharp, not part of state-dict keys).</param>
    /// <param name="numClasses">Number of output classes (at least 1).</param>
    /// <param name="featureDimension">Length of the feature vector (at least 1).</param>
    protected FeatureModel(string name, int numClasses, int featureDimension)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureDimension, 1);
        NumClasses = numClasses;
        FeatureDimension = featureDimension;
    }

    /// <summary>Number of output classes.</summary>
    public int NumClasses { get; }

    /// <summary>The zoo's name of this network (<see cref="ModelZoo.ArchitectureOf"/>), which a model file records.</summary>
    /// <exception cref="InvalidOperationException">The network is not one of the zoo's architectures.</exception>
    public string Architecture => ModelZoo.ArchitectureOf(this);

    /// <summary>The arguments a model file records beside <see cref="Architecture"/> (<see cref="ModelZoo.ArchitectureArguments"/>).</summary>
    public IReadOnlyDictionary<string, string> ArchitectureArguments => ModelZoo.ArchitectureArguments(this);

    /// <summary>Length of the feature vector returned by <see cref="Features"/>.</summary>
    public int FeatureDimension { get; }

    /// <summary>
    /// <c>Classify(Features(input))</c>; under bf16 autocast the logits come back as float32, so that losses and
    /// softmax statistics are taken in float32 (docs/precision.md).
    /// </summary>
    public sealed override Tensor forward(Tensor input)
    {
        var logits = Classify(Features(input));
        return logits.dtype == ScalarType.BFloat16 ? logits.to(ScalarType.Float32) : logits;
    }

    /// <summary>The vector before the classifier, N×<see cref="FeatureDimension"/>.</summary>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        return ComputeFeatures(input).MoveToOuterDisposeScope();
    }

    /// <summary>Logits from features, N×<see cref="NumClasses"/>.</summary>
    public Tensor Classify(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return ComputeLogits(features);
    }

    /// <summary>The network up to and including global pooling, flattened to N×FeatureDimension.</summary>
    /// <param name="input">A batch of images, N×C×H×W.</param>
    protected abstract Tensor ComputeFeatures(Tensor input);

    /// <summary>The classifier head applied to features.</summary>
    /// <param name="features">N×FeatureDimension features.</param>
    protected abstract Tensor ComputeLogits(Tensor features);
}
