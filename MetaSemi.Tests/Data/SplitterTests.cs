using MetaSemi.Data;

namespace MetaSemi.Tests.Data;

public sealed class SplitterTests
{
    /// <summary>Unbalanced labels: class c has 20 + 7c examples, interleaved.</summary>
    private static long[] Labels()
    {
        var labels = new List<long>();
        for (int c = 0; c < 5; c++)
        {
            labels.AddRange(Enumerable.Repeat((long)c, 20 + (7 * c)));
        }

        return labels.OrderBy(l => (l * 7919) % 13).ThenBy(l => l).ToArray();
    }

    [Fact]
    public void Class_balanced_split_takes_num_labels_over_classes_from_each_class_and_the_rest_is_unlabelled()
    {
        var labels = Labels();
        var split = new ClassBalancedSplitter(50, seed: 8469).Split(labels, 5);

        Assert.Equal(50, split.Labeled.Count);
        Assert.All(Enumerable.Range(0, 5), c => Assert.Equal(10, split.Labeled.Count(i => labels[i] == c)));
        Assert.Empty(split.Labeled.Intersect(split.Unlabeled));
        Assert.Equal(Enumerable.Range(0, labels.Length), split.Labeled.Concat(split.Unlabeled).Order());
    }

    [Fact]
    public void Labelled_indices_are_the_first_per_class_in_the_seeded_randperm_walk()
    {
        var labels = Labels();
        long[] order;
        using (var g = new TorchSharp.torch.Generator(7788))
        using (var p = TorchSharp.torch.randperm(labels.Length, generator: g))
        {
            order = p.data<long>().ToArray();
        }

        var expected = order.Where((index, k) => order.Take(k).Count(j => labels[j] == labels[index]) < 4).Select(i => (int)i);

        var split = new ClassBalancedSplitter(20, seed: 7788).Split(labels, 5);

        Assert.Equal(expected, split.Labeled);
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_another()
    {
        var labels = Labels();
        var a = new ClassBalancedSplitter(25, 1).Split(labels, 5);
        var b = new ClassBalancedSplitter(25, 1).Split(labels, 5);
        var c = new ClassBalancedSplitter(25, 2).Split(labels, 5);

        Assert.Equal(a.Labeled, b.Labeled);
        Assert.Equal(a.Unlabeled, b.Unlabeled);
        Assert.NotEqual(a.Labeled.Order(), c.Labeled.Order());
    }

    [Fact]
    public void Label_indices_file_round_trips_through_FixedIndicesSplitter()
    {
        using var dir = new TempFolder();
        var labels = Labels();
        var split = new ClassBalancedSplitter(15, 3).Split(labels, 5);
        string path = dir.File(LabelIndicesFile.FileName);
        split.WriteLabelIndices(path);

        var again = FixedIndicesSplitter.FromFile(path).Split(labels, 5);

        Assert.Equal(split.Labeled, again.Labeled);
        Assert.Equal(split.Unlabeled, again.Unlabeled); // the same order too: a resume draws the same batches
        Assert.Equal(split.Labeled.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), File.ReadAllLines(path));
    }

    [Fact]
    public void Impossible_requests_say_what_was_asked_and_what_exists()
    {
        var labels = Labels();
        var e1 = Assert.Throws<ArgumentException>(() => new ClassBalancedSplitter(51, 0).Split(labels, 5));
        Assert.Contains("num_labels 51 is not divisible by the 5 classes", e1.Message, StringComparison.Ordinal);

        var e2 = Assert.Throws<ArgumentException>(() => new ClassBalancedSplitter(105, 0).Split(labels, 5));
        Assert.Contains("Class 0 has 20 training examples", e2.Message, StringComparison.Ordinal);
        Assert.Contains("21 labelled per class", e2.Message, StringComparison.Ordinal);

        using var dir = new TempFolder();
        var bad = dir.Write("bad.txt", "3\n4\nfive\n"u8.ToArray());
        var e3 = Assert.Throws<DataFormatException>(() => FixedIndicesSplitter.FromFile(bad));
        Assert.Contains("item 3: 'five'", e3.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new FixedIndicesSplitter([1, 1]).Split(labels, 5));
        Assert.Throws<ArgumentException>(() => new FixedIndicesSplitter([labels.Length]).Split(labels, 5));
    }
}
