using TorchSharp;

namespace MetaSemi.Models;

/// <summary>
/// A classifier split at its penultimate layer, so that feature plots and linear probes need no
/// hacks: <c>Classify(Features(x))</c> equals <c>forward(x)</c>.
/// </summary>
public interface IFeatureModel
{
    /// <summary>Number of output classes.</summary>
    int NumClasses { get; }

    /// <summary>Length of the feature vector returned by <see cref="Features"/>.</summary>
    int FeatureDimension { get; }

    /// <summary>The vector before the classifier, N×<see cref="FeatureDimension"/>.</summary>
    torch.Tensor Features(torch.Tensor input);

    /// <summary>Logits from features, N×<see cref="NumClasses"/>.</summary>
    torch.Tensor Classify(torch.Tensor features);
}
