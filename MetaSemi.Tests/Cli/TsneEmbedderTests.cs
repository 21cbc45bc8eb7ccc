using MetaSemi.Cli.Tsne;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Cli;

public class TsneEmbedderTests
{
    private const int Clusters = 5;

    [Fact]
    public void Well_separated_gaussian_clusters_in_50_d_stay_separated_in_2_d()
    {
        var (x, labels) = GaussianClusters(seed: 11, perCluster: 60);
        using (x)
        {
            var embedding = TsneEmbedder.Embed(x, new TsneOptions { Seed = 3, Iterations = 250 });

            double accuracy = LeaveOneOutKnnAccuracy(embedding.Points, labels, k: 5);
            Assert.True(accuracy >= 0.95, $"5-NN accuracy of the embedding is {accuracy:F3}");
            Console.WriteLine($"t-SNE clusters: 5-NN accuracy {accuracy:F4}, KL {embedding.KlDivergence:F4}");
            Assert.True(embedding.KlDivergence is > 0 and < 2, $"KL(P||Q) = {embedding.KlDivergence}");
        }
    }

    [Fact]
    public void A_seeded_run_is_deterministic_and_the_seed_matters()
    {
        var (x, _) = GaussianClusters(seed: 5, perCluster: 20);
        using (x)
        {
            var options = new TsneOptions { Seed = 42, Iterations = 60, Perplexity = 20 };
            var first = TsneEmbedder.Embed(x, options);
            var second = TsneEmbedder.Embed(x, options);
            var other = TsneEmbedder.Embed(x, options with { Seed = 43 });

            Assert.Equal(first.Points.Cast<double>(), second.Points.Cast<double>());
            Assert.NotEqual(first.Points.Cast<double>(), other.Points.Cast<double>());
        }
    }

    [Fact]
    public void Progress_hears_every_tenth_iteration_and_the_last()
    {
        using var generator = new Generator(2);
        using var x = randn([40, 5], dtype: float64, generator: generator);
        var heard = new List<int>();
        TsneEmbedder.Embed(x, new TsneOptions { Iterations = 25, Perplexity = 10 }, new SynchronousProgress(heard.Add));
        Assert.Equal([10, 20, 25], heard);
    }

    [Fact]
    public void Conditional_affinities_reach_the_asked_perplexity_in_every_row()
    {
        using var generator = new Generator(7);
        using var x = randn([80, 10], dtype: float64, generator: generator);
        using var d = TsneEmbedder.SquaredDistances(x);
        using var p = TsneEmbedder.ConditionalAffinities(d, perplexity: 12);

        var rows = p.data<double>().ToArray();
        for (int i = 0; i < 80; i++)
        {
            var row = rows.AsSpan(i * 80, 80);
            Assert.Equal(0.0, row[i]);
            double sum = 0, entropy = 0;
            foreach (var v in row)
            {
                sum += v;
                entropy -= v > 0 ? v * Math.Log(v) : 0;
            }

            Assert.Equal(1.0, sum, 1e-9);
            Assert.Equal(12.0, Math.Exp(entropy), 1e-3);
        }
    }

    [Fact]
    public void Squared_distances_match_a_direct_computation()
    {
        using var generator = new Generator(1);
        using var x = randn([6, 3], dtype: float64, generator: generator);
        using var d = TsneEmbedder.SquaredDistances(x);
        var points = x.data<double>().ToArray();
        var distances = d.data<double>().ToArray();
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                double expected = Enumerable.Range(0, 3).Sum(c => Math.Pow(points[(i * 3) + c] - points[(j * 3) + c], 2));
                Assert.Equal(expected, distances[(i * 6) + j], 1e-12);
            }
        }
    }

    [Fact]
    public void A_perplexity_too_large_for_the_points_is_refused_with_its_value()
    {
        using var x = zeros(10, 4, dtype: float64);
        var error = Assert.Throws<ArgumentException>(() => TsneEmbedder.Embed(x, new TsneOptions { Perplexity = 30 }));
        Assert.Contains("perplexity 30", error.Message, StringComparison.Ordinal);
    }

    private static (Tensor X, int[] Labels) GaussianClusters(long seed, int perCluster)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var centres = randn([Clusters, 50], dtype: float64, generator: generator) * 10;
        var labels = Enumerable.Range(0, Clusters * perCluster).Select(i => i / perCluster).ToArray();
        var index = tensor(labels.Select(l => (long)l).ToArray());
        var x = centres.index_select(0, index) + randn([Clusters * perCluster, 50], dtype: float64, generator: generator);
        return (x.MoveToOuterDisposeScope(), labels);
    }

    private static double LeaveOneOutKnnAccuracy(double[,] points, int[] labels, int k)
    {
        int n = labels.Length, correct = 0;
        for (int i = 0; i < n; i++)
        {
            var neighbours = Enumerable.Range(0, n).Where(j => j != i)
                .OrderBy(j => Math.Pow(points[i, 0] - points[j, 0], 2) + Math.Pow(points[i, 1] - points[j, 1], 2))
                .Take(k);
            int vote = neighbours.GroupBy(j => labels[j]).OrderByDescending(g => g.Count()).First().Key;
            correct += vote == labels[i] ? 1 : 0;
        }

        return (double)correct / n;
    }

    // Progress<T> posts to the thread pool; the test needs the calls in order, on this thread.
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
