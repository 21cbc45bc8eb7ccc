using MetaSemi.Algorithms;
using MetaSemi.Data;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core.Algorithms;

/// <summary>The baselines' losses on tiny tensors against hand computations (docs/design.md §2.6).</summary>
public sealed class BaselineAlgorithmTests
{
    /// <summary>A 3→3 linear model with fixed weights: no modes, so eval and train forwards agree.</summary>
    private static nn.Module<Tensor, Tensor> Linear()
    {
        var model = nn.Linear(3, 3, dtype: float64);
        using (no_grad())
        {
            model.weight!.copy_(tensor(new double[,] { { 0.5, -0.25, 0.1 }, { -0.3, 0.2, 0.4 }, { 0.05, 0.6, -0.5 } }));
            model.bias!.copy_(tensor(new double[] { 0.1, -0.2, 0.05 }));
        }

        return model;
    }

    private static AlgorithmStepContext Context(nn.Module<Tensor, Tensor> model, Tensor xl, Tensor yl, Tensor xu, ulong seed) => new()
    {
        Model = model,
        Batch = new PairedBatch(new Batch(xl, yl), new Batch(xu, null)),
        Step = 1,
        TotalSteps = 10,
        LearningRate = 0.1,
        Generator = new Generator(seed),
        NumClasses = 3,
    };

    /// <summary>KL(t ‖ softmax(z)) "batchmean", written out: Σ_c t log t − t log softmax(z), 0·log 0 = 0.</summary>
    private static double HandKl(double[,] targets, double[,] logits)
    {
        double total = 0;
        int rows = targets.GetLength(0);
        for (int i = 0; i < rows; i++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < 3; c++)
            {
                max = Math.Max(max, logits[i, c]);
            }

            for (int c = 0; c < 3; c++)
            {
                sum += Math.Exp(logits[i, c] - max);
            }

            for (int c = 0; c < 3; c++)
            {
                double t = targets[i, c], logSoftmax = logits[i, c] - max - Math.Log(sum);
                total += (t > 0 ? t * Math.Log(t) : 0) - t * logSoftmax;
            }
        }

        return total / rows;
    }

    private static double[,] Forward(double[,] w, double[] b, double[,] x)
    {
        var y = new double[x.GetLength(0), 3];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            for (int c = 0; c < 3; c++)
            {
                y[i, c] = b[c];
                for (int k = 0; k < 3; k++)
                {
                    y[i, c] += w[c, k] * x[i, k];
                }
            }
        }

        return y;
    }

    private static readonly double[,] W = { { 0.5, -0.25, 0.1 }, { -0.3, 0.2, 0.4 }, { 0.05, 0.6, -0.5 } };
    private static readonly double[] B = { 0.1, -0.2, 0.05 };
    private static readonly double[,] Xl = { { 1.0, 0.0, -1.0 }, { 0.5, 2.0, 0.0 } };
    private static readonly double[,] Xu = { { -1.0, 1.0, 0.5 }, { 0.0, -0.5, 1.5 } };
    private static readonly long[] Yl = { 2, 0 };

    [Fact]
    public void Reference_baseline_with_mixup_mixes_labelled_with_unlabelled_images_and_labels_with_the_eval_prediction()
    {
        using var scope = NewDisposeScope();
        var algorithm = new ReferenceBaselineAlgorithm(new ReferenceBaselineOptions { Mixup = new() { Enabled = true, Alpha = 0.75 } });
        var context = Context(Linear(), tensor(Xl), tensor(Yl), tensor(Xu), seed: 42);

        var result = algorithm.Step(context);

        // λ comes from the trainer's generator, first draw: the same seed gives the same λ.
        var lambda = Mixup.SampleCoefficients(2, 0.75, new Generator(42)).data<double>().ToArray();
        var logitsU = Forward(W, B, Xu);
        var mixedX = new double[2, 3];
        var mixedY = new double[2, 3];
        for (int i = 0; i < 2; i++)
        {
            double max = Math.Max(logitsU[i, 0], Math.Max(logitsU[i, 1], logitsU[i, 2]));
            double z = Enumerable.Range(0, 3).Sum(c => Math.Exp(logitsU[i, c] - max));
            for (int c = 0; c < 3; c++)
            {
                mixedX[i, c] = lambda[i] * Xl[i, c] + (1 - lambda[i]) * Xu[i, c];
                double q = Math.Exp(logitsU[i, c] - max) / z;
                mixedY[i, c] = lambda[i] * (Yl[i] == c ? 1 : 0) + (1 - lambda[i]) * q;
            }
        }

        double expected = HandKl(mixedY, Forward(W, B, mixedX));
        Assert.Equal(expected, result.Loss.item<double>(), 1e-12);
        Assert.Equal(expected, result.Metrics[MetricNames.InterpLoss].item<double>(), 1e-12);
        Assert.True(algorithm.Requirements.UsesUnlabeledData);
        Assert.True(lambda.All(l => l is > 0 and < 1) && Math.Abs(lambda[0] - lambda[1]) > 1e-6, "degenerate λ");
    }

    [Fact]
    public void Reference_baseline_without_mixup_is_the_cross_entropy_of_the_labelled_batch_and_reads_no_unlabelled_data()
    {
        using var scope = NewDisposeScope();
        var algorithm = new ReferenceBaselineAlgorithm(new ReferenceBaselineOptions());
        var result = algorithm.Step(Context(Linear(), tensor(Xl), tensor(Yl), tensor(Xu), seed: 1));

        var logits = Forward(W, B, Xl);
        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            double max = Math.Max(logits[i, 0], Math.Max(logits[i, 1], logits[i, 2]));
            double logZ = max + Math.Log(Enumerable.Range(0, 3).Sum(c => Math.Exp(logits[i, c] - max)));
            expected += (logZ - logits[i, Yl[i]]) / 2;
        }

        Assert.Equal(expected, result.Loss.item<double>(), 1e-12);
        Assert.Equal(expected, result.Metrics[MetricNames.LabelLoss].item<double>(), 1e-12);
        Assert.False(algorithm.Requirements.UsesUnlabeledData);
        Assert.False(result.Metrics.ContainsKey(MetricNames.InterpLoss));
    }

    [Fact]
    public void Supervised_mixup_mixes_the_labelled_batch_with_a_permutation_of_itself()
    {
        using var scope = NewDisposeScope();
        var algorithm = new SupervisedAlgorithm(new SupervisedOptions { Mixup = new() { Enabled = true, Alpha = 1.0 } });
        var result = algorithm.Step(Context(Linear(), tensor(Xl), tensor(Yl), tensor(Xu), seed: 7));

        // The permutation first, then λ, from the same generator.
        var generator = new Generator(7);
        var permutation = randperm(2, generator: generator).data<long>().ToArray();
        var lambda = Mixup.SampleCoefficients(2, 1.0, generator).data<double>().ToArray();
        var mixedX = new double[2, 3];
        var mixedY = new double[2, 3];
        for (int i = 0; i < 2; i++)
        {
            long j = permutation[i];
            for (int c = 0; c < 3; c++)
            {
                mixedX[i, c] = lambda[i] * Xl[i, c] + (1 - lambda[i]) * Xl[j, c];
                mixedY[i, c] = lambda[i] * (Yl[i] == c ? 1 : 0) + (1 - lambda[i]) * (Yl[j] == c ? 1 : 0);
            }
        }

        Assert.Equal(HandKl(mixedY, Forward(W, B, mixedX)), result.Loss.item<double>(), 1e-12);
        Assert.False(algorithm.Requirements.UsesUnlabeledData);
    }
}
