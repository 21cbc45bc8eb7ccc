using System.Globalization;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// docs/precision.md's measurement of MetaSemi's finite-difference meta-gradient under bf16: on SmallCnn and one batch
/// of the shipped Fashion-MNIST subset (64 labelled, 64 unlabelled images, the test transform), G_fd in float32 and
/// G_fd in a bf16 step (labelled gradient and p under autocast, the ± forwards in float32), each against the exact
/// float32 meta-gradient: relative error ‖G − G_exact‖ / ‖G_exact‖ and cosine.
/// </summary>
public static class PrecisionFdRun
{
    /// <summary>One seed's comparison.</summary>
    /// <param name="Seed">Initial weights and images.</param>
    /// <param name="Fp32Error">Relative error of G_fd in float32.</param>
    /// <param name="Fp32Cosine">Its cosine with G_exact.</param>
    /// <param name="Bf16Error">Relative error of G_fd in a bf16 step.</param>
    /// <param name="Bf16Cosine">Its cosine with G_exact.</param>
    public sealed record Comparison(int Seed, double Fp32Error, double Fp32Cosine, double Bf16Error, double Bf16Cosine);

    /// <summary>Prints the comparison for seeds 1…<c>[seeds]</c> (default 3), with the machine and load.</summary>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        MachineInfo.Print(Console.Out);
        Console.WriteLine("seed  G_fd fp32: rel. error  cosine      G_fd bf16 step: rel. error  cosine");
        for (int seed = 1; seed <= seeds; seed++)
        {
            var c = Measure(seed, FashionMnistSmallPath());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Seed,-5} {c.Fp32Error,22:P3}  {c.Fp32Cosine,-10:F6}  {c.Bf16Error,26:P3}  {c.Bf16Cosine:F6}"));
        }

        MachineInfo.PrintLoad(Console.Out);
    }

    /// <summary>The comparison for <paramref name="seed"/> on the Fashion-MNIST files in <paramref name="dataPath"/>.</summary>
    public static Comparison Measure(int seed, string dataPath)
    {
        using var scope = NewDisposeScope();
        using var train = DatasetLoader.Load("fashion-mnist", dataPath, train: true);
        var augmentation = KnownDatasets.FashionMnist.CreateAugmentation();
        var random = new Random(seed);
        var indices = Enumerable.Range(0, (int)train.Count).OrderBy(_ => random.Next()).Take(128).ToArray();
        var source = new TestBatchSource(train, augmentation, indices);
        var batch = source.GetBatches(128).First();
        var labeled = batch.Images.narrow(0, 0, 64);
        var labels = batch.Labels!.narrow(0, 0, 64);
        var unlabeled = batch.Images.narrow(0, 64, 64);
        torch.manual_seed(seed);
        using var model = ModelZoo.SmallCnn(numClasses: 10);
        var loss = KullbackLeiblerConsistencyLoss.Instance;

        var exact = new ExactMetaGradient().MetaGradient(model, labeled, labels, unlabeled, loss).to(float64);
        var fd = new FiniteDifferenceMetaGradient();
        var fp32 = fd.MetaGradient(model, labeled, labels, unlabeled, loss).to(float64);
        Tensor bf16;
        using (AutocastScope.BFloat16())
        {
            bf16 = fd.MetaGradient(model, labeled, labels, unlabeled, loss).to(float64);
        }

        batch.Dispose();
        return new Comparison(seed, Error(fp32, exact), Cosine(fp32, exact), Error(bf16, exact), Cosine(bf16, exact));
    }

    private static double Error(Tensor g, Tensor exact) => ((g - exact).norm() / exact.norm()).item<double>();

    private static double Cosine(Tensor a, Tensor b) => ((a * b).sum() / (a.norm() * b.norm())).item<double>();

    private static string FashionMnistSmallPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "samples", "data", "fashion-mnist-small");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/data/fashion-mnist-small was not found above " + AppContext.BaseDirectory + "; run from the repository.");
    }
}
