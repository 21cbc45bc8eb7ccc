using BenchmarkDotNet.Attributes;
using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The data pipeline FixMatch needs (docs/design.md §7) on Fashion-MNIST-sized images, against a step-time proxy:
/// <see cref="PairedBatchStream"/> at μ 7 — 64 labelled images and 448 unlabelled ones with a weak and a
/// strong view (crop with 2-pixel padding + flip, then RandAugment + Cutout, normalise) — prepared in
/// <c>Next()</c> (prefetch 0, so the time is the whole work of one pair, not the wait); the same with the
/// weak view only; RandAugment + Cutout alone on 448 images; and SmallCnn forward + backward + SGD step on
/// 64 + 2·448 = 960 images (what a FixMatch step computes, one concatenated forward as USB does). Without
/// the Fashion-MNIST files it uses random images of the same shape (the console says which). Min and
/// median are shown beside the mean: on a shared machine the minimum is the closest to the uncontended cost.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[BenchmarkCategory("FixMatchData")]
public class FixMatchDataBenchmarks : TrackedBenchmark
{
    private const int Labeled = 64;
    private const int Mu = 7;
    private const int Unlabeled = Labeled * Mu;
    private ImageDataset _data = null!;
    private PairedBatchStream _strong = null!;
    private PairedBatchStream _weak = null!;
    private RandAugment _randAugment = null!;
    private torch.Tensor _pixels = null!;
    private torch.Generator _generator = null!;
    private FeatureModel _model = null!;
    private TorchSharp.Modules.SGD _optimizer = null!;
    private torch.Tensor _stepImages = null!;
    private torch.Tensor _stepLabels = null!;

    /// <summary>Loads the data, splits it (250 labels), builds the streams and the network.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = StreamedStepBenchmarks.LoadFashionMnist();
        var split = new ClassBalancedSplitter(250, 1).Split(_data.GetLabelArray(), _data.NumClasses);
        var augmentation = KnownDatasets.FashionMnist.CreateAugmentation();
        _strong = new PairedBatchStream(_data, split.Labeled, split.Unlabeled, Labeled, augmentation, 1, new PairedStreamOptions
        {
            UnlabeledRatio = Mu,
            UnlabeledViews = [ViewNames.Weak, ViewNames.Strong],
            PrefetchDepth = 0,
        });
        _weak = new PairedBatchStream(_data, split.Labeled, split.Unlabeled, Labeled, augmentation, 1, new PairedStreamOptions
        {
            UnlabeledRatio = Mu,
            PrefetchDepth = 0,
        });
        _randAugment = new RandAugment();
        _generator = new torch.Generator(0);
        _pixels = _data.Images.narrow(0, 0, Unlabeled).clone();
        _model = NetworkCase.Get(NetworkCase.SmallCnn).CreateOn(torch.CPU);
        _model.train();
        _optimizer = torch.optim.SGD(_model.parameters(), 0.03, 0.9, 0, 5e-4, true, false);
        torch.manual_seed(1);
        _stepImages = torch.randn([Labeled + (2 * Unlabeled), 1, 28, 28]);
        _stepLabels = torch.randint(0, 10, [Labeled + (2 * Unlabeled)], dtype: torch.int64);
        StartTracking();
    }

    /// <summary>One pair: 64 labelled + 448 unlabelled images, weak and strong views (960 images made).</summary>
    [Benchmark(Baseline = true)]
    [ImagesPerOperation(Labeled + (2 * Unlabeled))]
    public void Next_Mu7_WeakAndStrong()
    {
        Mark();
        using var pair = _strong.Next();
    }

    /// <summary>One pair: 64 labelled + 448 unlabelled images, weak view only (512 images made).</summary>
    [Benchmark]
    [ImagesPerOperation(Labeled + Unlabeled)]
    public void Next_Mu7_WeakOnly()
    {
        Mark();
        using var pair = _weak.Next();
    }

    /// <summary>RandAugment + Cutout on 448 uint8 28×28 images (the strong view's extra work).</summary>
    [Benchmark]
    [ImagesPerOperation(Unlabeled)]
    public void RandAugment_448()
    {
        Mark();
        using var strong = _randAugment.Augment(_pixels, _generator);
    }

    /// <summary>The step-time proxy: SmallCnn forward + cross-entropy + backward + SGD (Nesterov) on 960 images.</summary>
    [Benchmark]
    [ImagesPerOperation(Labeled + (2 * Unlabeled))]
    public void SmallCnnStep_960()
    {
        Mark();
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        var loss = torch.nn.functional.cross_entropy(_model.call(_stepImages), _stepLabels);
        loss.backward();
        _optimizer.step();
    }

    /// <summary>Records native memory and releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        StopTracking(null, null);
        _strong.Dispose();
        _weak.Dispose();
        _pixels.Dispose();
        _generator.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
        _stepImages.Dispose();
        _stepLabels.Dispose();
        _data.Dispose();
    }
}
