using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// The paper's first-order meta-gradient (docs/design.md §2.1.3): the parameters are moved by ±ε·g with
/// ε = ε0 / ‖g‖₂, and <c>G = −(B / 2ε)·(∇ŷ ℓ(ŷ, θ+εg) − ∇ŷ ℓ(ŷ, θ−εg))</c>, which is
/// <c>(p⁺ − p⁻) / ε</c> for the squared-L2 loss. The parameters are restored bit-exactly from a copy.
/// </summary>
public sealed class FiniteDifferenceMetaGradient : IMetaOptimizer
{
    /// <summary>ε0 of the reference (docs/design.md §2.1.3), the default everywhere (options, CLI).</summary>
    public const double DefaultEpsilon = 1e-2;

    /// <summary>Creates the method with step ε0 (the reference's default is <see cref="DefaultEpsilon"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a positive finite number.</exception>
    public FiniteDifferenceMetaGradient(double epsilon = DefaultEpsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "MetaGradient.Epsilon must be a positive finite number.");
        }

        Epsilon = epsilon;
    }

    /// <summary>ε0, the finite-difference step before division by ‖g‖₂.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public string Name => nameof(MetaGradientMethod.FiniteDifference);

    /// <inheritdoc />
    public MetaStepResult Compute(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        double learningRate,
        IConsistencyLoss consistencyLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(consistencyLoss);
        return MetaStep.Run(model, labeledImages, labels, unlabeledImages, learningRate,
            (parameters, g) =>
            {
                var p = MetaStep.Predict(model, unlabeledImages);
                return (p, Difference(model, parameters, g, unlabeledImages, p, consistencyLoss));
            });
    }

    /// <summary>
    /// The meta-gradient G (B×C) at ŷ = p, with the model in evaluation mode during the call; for
    /// tests and benchmarks. Returns a tensor owned by the caller's dispose scope.
    /// </summary>
    public torch.Tensor MetaGradient(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor unlabeledImages,
        IConsistencyLoss consistencyLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(consistencyLoss);
        return MetaStep.MetaGradient(model, labeledImages, labels,
            (parameters, g) => Difference(model, parameters, g, unlabeledImages, MetaStep.Predict(model, unlabeledImages), consistencyLoss));
    }

    private torch.Tensor Difference(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor[] parameters,
        torch.Tensor[] g,
        torch.Tensor unlabeledImages,
        torch.Tensor pseudoLabels,
        IConsistencyLoss consistencyLoss)
    {
        torch.Tensor plusLogits, minusLogits, step;
        using (torch.no_grad())
        {
            var squaredNorm = g.Select(t => t.square().sum()).Aggregate((a, b) => a + b);

            // A zero gradient makes G zero anyway; the floor only keeps 0/0 out of the arithmetic.
            var norm = squaredNorm.sqrt().clamp_min(torch.finfo(squaredNorm.dtype).tiny);
            step = Epsilon / norm;
            var saved = parameters.Select(p => p.detach().clone()).ToArray();

            // The difference of the ± forwards is O(ε): in bf16 (8 bits of mantissa) it would be noise, so these
            // two forwards stay float32 under a bf16 step (docs/precision.md).
            using var fp32 = AutocastScope.Float32IfEnabled();
            try
            {
                // The ± forwards in inference mode (issue 16); the clone, outside it, makes the B×C logits ordinary
                // tensors that any consistency loss may use under autograd.
                Shift(parameters, g, step, +1);
                plusLogits = MetaStep.InferenceLogits(model, unlabeledImages).clone();
                Restore(parameters, saved);
                Shift(parameters, g, step, -1);
                minusLogits = MetaStep.InferenceLogits(model, unlabeledImages).clone();
            }
            finally
            {
                Restore(parameters, saved);
            }
        }

        var plusGradient = TargetGradient(consistencyLoss, plusLogits, pseudoLabels);
        var minusGradient = TargetGradient(consistencyLoss, minusLogits, pseudoLabels);
        using var noGrad = torch.no_grad();
        long batch = pseudoLabels.shape[0];
        return (plusGradient - minusGradient) * (-batch / 2.0) / step;
    }

    private static void Shift(torch.Tensor[] parameters, torch.Tensor[] g, torch.Tensor step, double sign)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i].add_(g[i] * step, alpha: sign);
        }
    }

    private static void Restore(torch.Tensor[] parameters, torch.Tensor[] saved)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i].copy_(saved[i]);
        }
    }

    private static torch.Tensor TargetGradient(IConsistencyLoss consistencyLoss, torch.Tensor logits, torch.Tensor pseudoLabels)
    {
        using var grad = torch.enable_grad();
        var leaf = MetaStep.Leaf(pseudoLabels);
        var loss = consistencyLoss.Compute(logits, leaf);
        return torch.autograd.grad([loss], [leaf])[0];
    }
}
