using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// A linear probe (docs/pretrained.md, "Linear probe"): multinomial logistic regression on frozen features, fitted in
/// float64 by full-batch Adam on the standardised features (each column's labelled mean and standard deviation), with
/// an L2 penalty on the weights. The standardisation is folded into the result, so it applies to the raw features:
/// <c>logits = W·f + b</c>, the shape of a <see cref="FeatureModel"/>'s linear head.
/// </summary>
public static class LinearProbe
{
    /// <summary>Fits the probe to <paramref name="features"/> (N×D) and <paramref name="labels"/> (N, in 0…C−1).</summary>
    /// <param name="features">The labelled images' features.</param>
    /// <param name="labels">Their classes.</param>
    /// <param name="numClasses">C.</param>
    /// <param name="weightDecay">λ of the penalty λ·‖W‖² on the standardised weights (0 or more).</param>
    /// <param name="iterations">Full-batch Adam steps (learning rate 0.01).</param>
    /// <param name="seed">Seed of the initial weights (zero biases, N(0, 0.01²) weights).</param>
    /// <returns>W (C×D) and b (C), float32, and the final training loss (cross-entropy plus the penalty).</returns>
    /// <exception cref="ArgumentException">The shapes disagree, a label is outside 0…C−1 or a setting is out of range.</exception>
    public static (Tensor Weight, Tensor Bias, double Loss) Fit(Tensor features, long[] labels, int numClasses, double weightDecay = 1e-3, int iterations = 500, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() != 2 || features.shape[0] != labels.Length || labels.Length == 0)
        {
            throw new ArgumentException($"Features of shape [{string.Join(", ", features.shape)}] do not match {labels.Length} labels.", nameof(features));
        }

        if (labels.Any(l => l < 0 || l >= numClasses))
        {
            throw new ArgumentException($"Every label must be in 0…{numClasses - 1}.", nameof(labels));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);

        using var scope = NewDisposeScope();
        var x = features.to(float64);
        var mean = x.mean([0], keepdim: true);
        var std = x.std(0, unbiased: false, keepdim: true).clamp_min(1e-6);
        var z = (x - mean) / std;
        var y = tensor(labels);
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var w = new TorchSharp.Modules.Parameter(randn(numClasses, x.shape[1], dtype: float64, generator: generator) * 0.01);
        var b = new TorchSharp.Modules.Parameter(zeros(numClasses, dtype: float64));
        using var optimizer = optim.Adam([w, b], lr: 0.01);
        double loss = double.NaN;
        for (int i = 0; i < iterations; i++)
        {
            using var step = NewDisposeScope();
            optimizer.zero_grad();
            var objective = nn.functional.cross_entropy(z.matmul(w.t()) + b, y) + (weightDecay * w.pow(2).sum());
            objective.backward();
            optimizer.step();
            loss = objective.item<double>();
        }

        // W·((f − μ)/σ) + b = (W/σ)·f + (b − (W/σ)·μ).
        using (no_grad())
        {
            var weight = w / std;
            var bias = b - weight.matmul(mean.squeeze(0));
            return (weight.to(float32).MoveToOuterDisposeScope(), bias.to(float32).MoveToOuterDisposeScope(), loss);
        }
    }

    /// <summary>Top-1 accuracy of the probe <paramref name="weight"/>, <paramref name="bias"/> on <paramref name="features"/> and <paramref name="labels"/>.</summary>
    public static double Accuracy(Tensor weight, Tensor bias, Tensor features, long[] labels)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var predicted = (features.to(float32).matmul(weight.t()) + bias).argmax(1).data<long>().ToArray();
        return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)Math.Max(1, labels.Length);
    }
}
