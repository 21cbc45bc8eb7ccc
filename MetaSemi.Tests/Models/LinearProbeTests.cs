using MetaSemi.Models.Pretrained;
using MetaSemi.Tests.Data;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models;

/// <summary><see cref="LinearProbe"/> and <see cref="FeatureCache"/> on small synthetic features.</summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed class LinearProbeTests
{
    /// <summary>Three Gaussian classes in 6 dimensions, well apart, 20 points each.</summary>
    private static (Tensor Features, long[] Labels) Classes()
    {
        var generator = new Generator(7);
        var centres = tensor(new float[] { 4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0 }, [3, 6]);
        long[] labels = [.. Enumerable.Range(0, 60).Select(i => (long)(i % 3))];
        var features = centres.index_select(0, tensor(labels)) + randn([60, 6], generator: generator);
        return (features, labels);
    }

    [Fact]
    public void Separable_classes_are_fitted_and_the_folded_head_ignores_each_columns_scale_and_shift()
    {
        var (features, labels) = Classes();
        var (w, b, loss) = LinearProbe.Fit(features, labels, 3, weightDecay: 1e-3, iterations: 300);
        Assert.Equal(1.0, LinearProbe.Accuracy(w, b, features, labels));
        Assert.InRange(loss, 0, 0.3);

        // The fit standardises each column, so an affine change of every column (scale 10^k, shift) leaves the
        // logits of the folded head unchanged: W'·(a∘f + c) + b' = W·f + b.
        var scale = tensor(new float[] { 1, 10, 100, 0.1f, 0.01f, 1000 });
        var shift = tensor(new float[] { 5, -3, 100, 0, 2, -50 });
        var moved = (features * scale) + shift;
        var (w2, b2, loss2) = LinearProbe.Fit(moved, labels, 3, weightDecay: 1e-3, iterations: 300);
        var logits = features.matmul(w.t()) + b;
        var movedLogits = moved.to(float64).matmul(w2.to(float64).t()) + b2.to(float64);
        Assert.True(logits.to(float64).allclose(movedLogits, rtol: 1e-3, atol: 1e-3), $"max difference {(logits.to(float64) - movedLogits).abs().max().item<double>()}");
        Assert.Equal(loss, loss2, 1e-5);
    }

    [Fact]
    public void Labels_outside_the_classes_are_refused()
    {
        var (features, labels) = Classes();
        labels[5] = 3;
        var error = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(features, labels, 3));
        Assert.Contains("0…2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_returns_the_stored_features_bit_for_bit_and_recomputes_for_another_key_or_a_damaged_file()
    {
        using var folder = new TempFolder();
        var (features, _) = Classes();
        int computed = 0;
        Tensor Compute()
        {
            computed++;
            return features.clone();
        }

        var (first, why) = FeatureCache.GetOrCompute(folder.Path, "key A", Compute);
        Assert.Equal("not cached yet", why);
        var (again, none) = FeatureCache.GetOrCompute(folder.Path, "key A", Compute);
        Assert.Null(none);
        Assert.Equal(1, computed);
        Assert.Equal(features.data<float>().ToArray(), again.data<float>().ToArray());

        var (_, other) = FeatureCache.GetOrCompute(folder.Path, "key B", Compute);
        Assert.Equal("not cached yet", other);

        // The same file name with another key inside (a hash collision or a copied file) is not trusted.
        File.Copy(FeatureCache.PathOf(folder.Path, "key A"), FeatureCache.PathOf(folder.Path, "key C"));
        var (_, copied) = FeatureCache.GetOrCompute(folder.Path, "key C", Compute);
        Assert.Contains("holds the features of another key", copied, StringComparison.Ordinal);

        File.WriteAllBytes(FeatureCache.PathOf(folder.Path, "key A"), [.. File.ReadAllBytes(FeatureCache.PathOf(folder.Path, "key A")).Take(10)]);
        var (_, damaged) = FeatureCache.GetOrCompute(folder.Path, "key A", Compute);
        Assert.Contains("damaged", damaged, StringComparison.Ordinal);
        Assert.Equal(4, computed);
        first.Dispose();
    }
}
