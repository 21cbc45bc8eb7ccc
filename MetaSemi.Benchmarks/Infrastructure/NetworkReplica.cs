using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The eval-mode forward of SmallCnn or ConvLarge written with functional ops over the model's own parameters and
/// running statistics (by their state-dict names), so that the BatchNorm-folded variant can be timed against the same
/// code with BatchNorm (issue 16). Dropout is the identity in eval mode and is left out.
/// </summary>
public sealed class NetworkReplica
{
    private const double BatchNormEpsilon = 1e-5;
    private readonly (Tensor Weight, long Padding, Tensor Gamma, Tensor Beta, Tensor Mean, Tensor Variance, bool PoolAfter)[] _blocks;
    private readonly Tensor _classifierWeight;
    private readonly Tensor _classifierBias;
    private readonly FeatureModel _model;

    private NetworkReplica(FeatureModel model, int blocks, int[] poolAfter, Func<int, long> padding)
    {
        _model = model;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        _blocks = Enumerable.Range(1, blocks).Select(i => (
            parameters[$"block{i}.0.weight"], padding(i), parameters[$"block{i}.1.weight"], parameters[$"block{i}.1.bias"],
            buffers[$"block{i}.1.running_mean"], buffers[$"block{i}.1.running_var"], poolAfter.Contains(i))).ToArray();
        _classifierWeight = parameters["classifier.0.weight"];
        _classifierBias = parameters["classifier.0.bias"];
    }

    /// <summary>The replica of <paramref name="model"/>, which must be a <see cref="SmallCnn"/> or a <see cref="ConvLarge"/> without the top BatchNorm.</summary>
    /// <exception cref="ArgumentException">Another network.</exception>
    public static NetworkReplica For(FeatureModel model) => model switch
    {
        SmallCnn => new NetworkReplica(model, 3, [1, 2], _ => 1),
        ConvLarge { TopBatchNorm: false } => new NetworkReplica(model, 9, [3, 6], i => i <= 6 ? 1 : 0),
        _ => throw new ArgumentException($"No replica for {model.GetType().Name}; expected SmallCnn or ConvLarge without the top BatchNorm.", nameof(model)),
    };

    /// <summary>Logits of the eval-mode forward; with <paramref name="fold"/>, BatchNorm folded into each convolution.</summary>
    public Tensor Forward(Tensor images, bool fold)
    {
        var x = images;
        foreach (var (weight, padding, gamma, beta, mean, variance, poolAfter) in _blocks)
        {
            if (fold)
            {
                var scale = gamma / (variance + BatchNormEpsilon).sqrt();
                x = nn.functional.conv2d(x, weight * scale.view(-1, 1, 1, 1), beta - mean * scale, padding: [padding, padding]);
            }
            else
            {
                x = nn.functional.conv2d(x, weight, padding: [padding, padding]);
                x = nn.functional.batch_norm(x, mean, variance, gamma, beta, training: false, eps: BatchNormEpsilon);
            }

            x = nn.functional.leaky_relu(x, ConvLarge.LeakySlope, inplace: true);
            if (poolAfter)
            {
                x = nn.functional.max_pool2d(x, 2, 2);
            }
        }

        return nn.functional.linear(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1), _classifierWeight, _classifierBias);
    }

    /// <summary>Checks, with the model in eval mode, that the replica with BatchNorm gives the model's logits and the folded one agrees to float32 rounding.</summary>
    /// <exception cref="InvalidOperationException">The replica does not reproduce the model.</exception>
    public void Check(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var expected = _model.forward(images);
        double plain = (Forward(images, fold: false) - expected).abs().max().to(float64).item<double>();
        double folded = (Forward(images, fold: true) - expected).abs().max().to(float64).item<double>();
        double size = expected.abs().max().to(float64).item<double>();
        if (plain > 1e-5 * size || folded > 1e-3 * size)
        {
            throw new InvalidOperationException($"The replica of {_model.GetType().Name} differs from the model: {plain:E2} (with BatchNorm), {folded:E2} (folded), logits up to {size:E2}.");
        }
    }
}
