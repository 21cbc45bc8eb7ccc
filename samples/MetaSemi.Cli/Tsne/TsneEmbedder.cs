using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Cli.Tsne;

/// <summary>
/// Exact t-SNE (van der Maaten and Hinton, 2008) on TorchSharp tensors: O(N²) memory and time per
/// iteration, fine up to a few thousand points. Runs on the device of the input.
/// </summary>
internal static class TsneEmbedder
{
    private const double EntropyTolerance = 1e-5;
    private const int MaxBisectionSteps = 100;

    /// <summary>Embeds the rows of <paramref name="x"/> (N×D) in 2-D; <paramref name="progress"/> hears the iterations done every 10 iterations and at the end.</summary>
    public static TsneEmbedding Embed(Tensor x, TsneOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        options ??= new TsneOptions();
        if (x.dim() != 2)
        {
            throw new ArgumentException($"t-SNE expects an N×D matrix, got shape [{string.Join(',', x.shape)}].", nameof(x));
        }

        int n = (int)x.shape[0];
        options.Validate(n);
        using var outer = NewDisposeScope();
        var type = options.IterationType;

        // Affinities once, in float64: the bisection's entropy tolerance needs the precision.
        var data = Project(x.to(float64).detach(), options.PcaDimensions);
        var conditional = ConditionalAffinities(SquaredDistances(data), options.Perplexity);
        var p = conditional + conditional.t();
        p = (p / p.sum()).clamp_min(1e-12).to(type);
        p.mul_(options.EarlyExaggeration);

        var generator = new Generator((ulong)options.Seed, x.device);
        var y = (randn([n, 2], dtype: float64, device: x.device, generator: generator) * 1e-4).to(type);
        var velocity = zeros_like(y);
        var gains = ones_like(y);
        double learningRate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4.0, 50.0);

        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            if (iteration == options.ExaggerationIterations)
            {
                p.div_(options.EarlyExaggeration);
            }

            using var step = NewDisposeScope();
            var (q, kernel) = LowDimensionalAffinities(y);

            // ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j)
            var w = q.neg_().add_(p).mul_(kernel);
            var gradient = 4.0 * ((w.sum(1, keepdim: true) * y) - w.matmul(y));

            // Gains grow where the gradient's sign differs from the last update's, as in the reference
            // (compared as "> 0", so a zero update counts as negative, as tsne.py does).
            var flipped = (gradient > 0) != (velocity > 0);
            gains.copy_(where(flipped, gains + 0.2, gains * 0.8).clamp_min(options.MinGain));
            double momentum = iteration < options.MomentumSwitchIteration ? options.InitialMomentum : options.FinalMomentum;
            velocity.mul_(momentum).add_(gains * gradient, alpha: -learningRate);
            y.add_(velocity);
            y.sub_(y.mean([0], keepdim: true));
            if ((iteration + 1) % 10 == 0 || iteration + 1 == options.Iterations)
            {
                progress?.Report(iteration + 1);
            }
        }

        if (options.ExaggerationIterations >= options.Iterations)
        {
            p.div_(options.EarlyExaggeration);
        }

        var (qFinal, _) = LowDimensionalAffinities(y);
        double kl = (p * (p / qFinal).log()).sum().to(float64).item<double>();
        var flat = y.to(float64).cpu().data<double>().ToArray();
        var points = new double[n, 2];
        Buffer.BlockCopy(flat, 0, points, 0, flat.Length * sizeof(double));
        return new TsneEmbedding(points, kl);
    }

    /// <summary>
    /// Row-stochastic P_{j|i} = exp(−β_i D_ij) / Σ_k exp(−β_i D_ik) (P_{i|i} = 0) with each β_i found by
    /// bisection so that the row's entropy equals log(perplexity); all rows are bisected together.
    /// </summary>
    public static Tensor ConditionalAffinities(Tensor squaredDistances, double perplexity)
    {
        ArgumentNullException.ThrowIfNull(squaredDistances);
        int n = (int)squaredDistances.shape[0];
        using var scope = NewDisposeScope();
        var d = squaredDistances.to(float64);
        var offDiagonal = ones(n, n, dtype: float64, device: d.device) - eye(n, dtype: float64, device: d.device);

        // Subtracting each row's smallest off-diagonal distance leaves P and H unchanged but keeps exp from underflowing.
        var rowMin = (d + (eye(n, dtype: float64, device: d.device) * double.MaxValue)).min(1, keepdim: true).values;
        d = (d - rowMin) * offDiagonal;

        double targetEntropy = Math.Log(perplexity);
        var beta = ones(n, 1, dtype: float64, device: d.device);
        var betaMin = full(n, 1, double.NegativeInfinity, dtype: float64, device: d.device);
        var betaMax = full(n, 1, double.PositiveInfinity, dtype: float64, device: d.device);
        var probabilities = empty_like(d);
        for (int stepIndex = 0; stepIndex <= MaxBisectionSteps; stepIndex++)
        {
            // Each bisection step frees its N×N temporaries; the state lives in the tensors above, updated in place.
            using var step = NewDisposeScope();
            var unnormalised = (-d * beta).exp_().mul_(offDiagonal);
            var sum = unnormalised.sum(1, keepdim: true);
            var entropy = sum.log() + (beta * (d * unnormalised).sum(1, keepdim: true) / sum);
            probabilities.copy_(unnormalised.div_(sum));
            var difference = entropy - targetEntropy;
            var open = difference.abs() >= EntropyTolerance;
            if (stepIndex == MaxBisectionSteps || !open.any().item<bool>())
            {
                break;
            }

            // Entropy too high: sharpen (raise β); too low: widen (lower β). Converged rows keep their β.
            var tooHigh = open & (difference > 0);
            var tooLow = open & (difference <= 0);
            betaMin.copy_(where(tooHigh, beta, betaMin));
            betaMax.copy_(where(tooLow, beta, betaMax));
            var raised = where(betaMax.isinf(), beta * 2, (beta + betaMax) / 2);
            var lowered = where(betaMin.isinf(), beta / 2, (beta + betaMin) / 2);
            beta.copy_(where(tooHigh, raised, where(tooLow, lowered, beta)));
        }

        return probabilities.MoveToOuterDisposeScope();
    }

    /// <summary>Pairwise squared Euclidean distances of the rows, with an exact zero diagonal.</summary>
    public static Tensor SquaredDistances(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        // In place on the one N×N product: at a few thousand points every N×N allocation costs.
        var squares = x.pow(2).sum(1, keepdim: true);
        var d = x.matmul(x.t()).mul_(-2).add_(squares).add_(squares.t()).clamp_min_(0);
        d.diagonal().zero_();
        return d.MoveToOuterDisposeScope();
    }

    private static Tensor Project(Tensor x, int dimensions)
    {
        var centred = x - x.mean([0], keepdim: true);
        if (dimensions == 0 || centred.shape[1] <= dimensions)
        {
            return centred;
        }

        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        return centred.matmul(vh[..dimensions].t());
    }

    private static (Tensor Q, Tensor Kernel) LowDimensionalAffinities(Tensor y)
    {
        var kernel = SquaredDistances(y).add_(1).reciprocal_();
        kernel.diagonal().zero_();
        var q = kernel.div(kernel.sum()).clamp_min_(1e-12);
        return (q, kernel);
    }
}
