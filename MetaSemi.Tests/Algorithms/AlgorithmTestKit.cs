using MetaSemi.Algorithms;
using MetaSemi.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>Tiny models, hand-built batches and step contexts for calling an algorithm's Step without the trainer.</summary>
internal static class AlgorithmTestKit
{
    public const int Classes = 3;
    public const int Features = 4;

    /// <summary>Linear → tanh → linear in float64 (no BatchNorm, so one concatenated forward equals separate ones).</summary>
    public static nn.Module<Tensor, Tensor> Model(long seed = 3)
    {
        torch.manual_seed(seed);
        var net = nn.Sequential(("fc1", nn.Linear(Features, 5)), ("act", nn.Tanh()), ("fc2", nn.Linear(5, Classes)));
        net.to(float64);
        net.train();
        return net;
    }

    /// <summary>
    /// A labelled batch of 4 and an unlabelled batch of <paramref name="unlabeled"/> with every view of
    /// <see cref="ViewNames"/>, hidden labels and indices <c>firstIndex…</c>, all float64 from one seed.
    /// </summary>
    public static PairedBatch Batch(ulong seed, int unlabeled = 6, long firstIndex = 0, double scale = 2.0)
    {
        var generator = new Generator(seed);
        var labeledImages = randn([4, Features], dtype: float64, generator: generator) * scale;
        var labels = randint(0, Classes, [4], dtype: int64, generator: generator);
        var weak = randn([unlabeled, Features], dtype: float64, generator: generator) * scale;
        var views = new Dictionary<string, Tensor>
        {
            [ViewNames.Weak2] = weak + 0.3 * randn([unlabeled, Features], dtype: float64, generator: generator),
            [ViewNames.Strong] = weak + randn([unlabeled, Features], dtype: float64, generator: generator),
            [ViewNames.Strong2] = weak + randn([unlabeled, Features], dtype: float64, generator: generator),
        };
        var hidden = randint(0, Classes, [unlabeled], dtype: int64, generator: generator);
        var indices = arange(firstIndex, firstIndex + unlabeled, dtype: int64);
        return new PairedBatch(new Batch(labeledImages, labels), new Batch(weak, hidden, views, indices));
    }

    public static AlgorithmStepContext Context(
        nn.Module<Tensor, Tensor> model, PairedBatch batch, long step = 1, long totalSteps = 10, double learningRate = 0.1, IEmaTeacher? teacher = null) => new()
    {
        Model = model,
        Teacher = teacher,
        Batch = batch,
        Step = step,
        TotalSteps = totalSteps,
        LearningRate = learningRate,
        Generator = new Generator(1),
        NumClasses = Classes,
    };

    public static AlgorithmSetup Setup(long unlabeledCount = 0) => new(Classes, unlabeledCount, CPU, float64);

    public static double Metric(AlgorithmStepResult result, string name) => result.Metrics[name].item<double>();

    /// <summary>Copies one module's parameters and buffers into another of the same shape.</summary>
    public static void CopyWeights(nn.Module source, nn.Module destination)
    {
        using var noGrad = no_grad();
        foreach (var ((_, from), (_, to)) in source.state_dict().Zip(destination.state_dict()))
        {
            to.copy_(from);
        }
    }
}

/// <summary>An EMA teacher double: a separate network with its own weights, run without gradients.</summary>
internal sealed class FixedTeacher(nn.Module<Tensor, Tensor> network) : IEmaTeacher
{
    public double Decay => 0.999;

    public int Calls { get; private set; }

    public Tensor Forward(Tensor images)
    {
        Calls++;
        using var noGrad = no_grad();
        return network.forward(images);
    }
}

/// <summary>Plain double arithmetic on rows of logits: the independent side of the loss tests.</summary>
internal static class HandMath
{
    public static double[][] Rows(Tensor matrix)
    {
        var values = matrix.detach().to(float64).cpu().data<double>().ToArray();
        int columns = (int)matrix.shape[1];
        return Enumerable.Range(0, (int)matrix.shape[0]).Select(r => values.Skip(r * columns).Take(columns).ToArray()).ToArray();
    }

    public static long[] Longs(Tensor vector) => vector.cpu().data<long>().ToArray();

    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var exp = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = exp.Sum();
        return exp.Select(v => v / sum).ToArray();
    }

    public static double LogSoftmax(double[] logits, int c)
    {
        double max = logits.Max();
        return logits[c] - max - Math.Log(logits.Sum(v => Math.Exp(v - max)));
    }

    public static double CrossEntropy(double[] logits, int label) => -LogSoftmax(logits, label);

    public static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>(1/C)·‖a − b‖².</summary>
    public static double MeanSquare(double[] a, double[] b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Sum() / a.Length;

    public static double Accuracy(double[][] rows, long[] labels) =>
        rows.Select((row, i) => ArgMax(row) == labels[i] ? 1.0 : 0.0).Average();

    public static double SupervisedLoss(double[][] logits, long[] labels) =>
        logits.Select((row, i) => CrossEntropy(row, (int)labels[i])).Average();
}
