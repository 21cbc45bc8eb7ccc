using MetaSemi.Algorithms;
using MetaSemi.Cli.Plotting;
using MetaSemi.Cli.Tsne;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Cli;

public class PlotTests
{
    private static void AppendRow(string path, long step, Dictionary<string, double> values)
    {
        using var writer = MetaSemi.MetricsCsvWriter.ForFile(path, long.MaxValue);
        writer.Append(step, values);
    }

    private static readonly string[] FashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    [Fact]
    public void Learning_curve_is_a_png_of_the_asked_size_from_a_metrics_csv()
    {
        using var folder = new TempFolder();
        var csv = folder.File(MetricsCsvWriter.FileName);
        for (int step = 20; step <= 2000; step += 20)
        {
            var values = new Dictionary<string, double>
            {
                [MetricNames.LabelLoss] = 2.3 * Math.Exp(-step / 600.0),
                [MetricNames.UnlabelLoss] = 0.05 * Math.Exp(-step / 900.0),
                [MetricNames.InterpLoss] = 2.0 * Math.Exp(-step / 800.0) + 0.3,
                [MetricNames.LabelAccuracy] = 1 - Math.Exp(-step / 400.0),
                [MetricNames.UnlabelAccuracy] = 0.8 * (1 - Math.Exp(-step / 500.0)),
                [MetricNames.LearningRate] = step < 400 ? 0.1 * step / 400 : (step < 1600 ? 0.1 : 0.01),
            };
            if (step % 200 == 0)
            {
                values[MetricNames.TestAccuracy] = 0.75 * (1 - Math.Exp(-step / 500.0));
            }

            AppendRow(csv, step, values);
        }

        var png = folder.File(LearningCurvePlot.FileName);
        LearningCurvePlot.Save(MetricsCsvReader.Read(csv), png, width: 1400, height: 550, title: "fashion-mnist 500 labels");
        PngAssert.IsPng(png, 1400, 550);
        CopyForInspection(png);
    }

    [Fact]
    public void Learning_curve_accepts_a_csv_with_only_some_columns_and_no_rows()
    {
        using var folder = new TempFolder();
        var partial = folder.Write("partial.csv", "step,test/accuracy,train/label-loss\n400,0.5,\n800,0.6,1.2\n");
        LearningCurvePlot.Save(MetricsCsvReader.Read(partial), folder.File("partial.png"), 800, 400);
        PngAssert.IsPng(folder.File("partial.png"), 800, 400);

        var empty = folder.Write("empty.csv", "step\n");
        LearningCurvePlot.Save(MetricsCsvReader.Read(empty), folder.File("empty.png"), 800, 400);
        PngAssert.IsPng(folder.File("empty.png"), 800, 400);
    }

    [Fact]
    public void Metrics_csv_reads_back_what_was_appended_with_missing_cells_as_nan()
    {
        using var folder = new TempFolder();
        var csv = folder.File("m.csv");
        AppendRow(csv, 1, new Dictionary<string, double> { [MetricNames.LabelLoss] = 0.125, [MetricNames.LearningRate] = 1e-4 });
        AppendRow(csv, 2, new Dictionary<string, double> { [MetricNames.TestAccuracy] = 0.5 });

        var table = MetricsCsvReader.Read(csv);
        Assert.Equal([1L, 2L], table.Steps);
        AssertSeries(table, MetricNames.LabelLoss, [1.0], [0.125]);
        AssertSeries(table, MetricNames.LearningRate, [1.0], [1e-4]);
        AssertSeries(table, MetricNames.TestAccuracy, [2.0], [0.5]);
        AssertSeries(table, "not/a-column", [], []);
        Assert.False(table.HasValues(MetricNames.InterpLoss));
        Assert.True(table.HasValues(MetricNames.LabelLoss));
    }

    [Fact]
    public void Metrics_csv_errors_name_the_file_line_and_column()
    {
        using var folder = new TempFolder();
        var badNumber = folder.Write("bad.csv", "step,train/lr\n1,0.1\n2,abc\n");
        var error = Assert.Throws<InvalidDataException>(() => MetricsCsvReader.Read(badNumber));
        Assert.Contains("bad.csv line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'train/lr' value 'abc'", error.Message, StringComparison.Ordinal);

        var noStep = folder.Write("nostep.csv", "train/lr\n0.1\n");
        Assert.Contains("expected 'step'", Assert.Throws<InvalidDataException>(() => MetricsCsvReader.Read(noStep)).Message, StringComparison.Ordinal);

        var ragged = folder.Write("ragged.csv", "step,train/lr\n1\n");
        Assert.Contains("1 cells, expected 2", Assert.Throws<InvalidDataException>(() => MetricsCsvReader.Read(ragged)).Message, StringComparison.Ordinal);

        AppendRow(folder.File("new.csv"), 1, new Dictionary<string, double> { [MetricNames.LearningRate] = 0.1 });
        Assert.Throws<InvalidDataException>(() => AppendRow(folder.File("new.csv"), 2, new Dictionary<string, double> { ["other"] = 1 }));
    }

    [Fact]
    public void Feature_picture_embeds_and_draws_labelled_unlabelled_and_test_points()
    {
        using var folder = new TempFolder();
        using var generator = new Generator(17);
        int perClass = 24;
        var labels = Enumerable.Range(0, 10 * perClass).Select(i => i / perClass).ToArray();
        using var centres = randn([10, 128], generator: generator) * 6;
        using var index = tensor(labels.Select(l => (long)l).ToArray());
        using var features = centres.index_select(0, index) + randn([10 * perClass, 128], generator: generator);
        var kinds = labels.Select((_, i) => (i % perClass) switch { < 3 => PointKind.Labeled, < 16 => PointKind.Unlabeled, _ => PointKind.Test }).ToArray();

        var png = folder.File(FeaturePicture.FileName);
        var embedding = FeaturePicture.Render(features, labels, kinds, FashionClasses, png, new TsneOptions { Iterations = 150, Perplexity = 15 });

        Assert.Equal(240, embedding.Points.GetLength(0));
        PngAssert.IsPng(png, 1100, 850);
        CopyForInspection(png);
    }

    [Fact]
    public void Feature_picture_refuses_labels_outside_the_class_names()
    {
        using var folder = new TempFolder();
        var points = new double[3, 2];
        var error = Assert.Throws<ArgumentException>(() => FeatureScatterPlot.Save(points, [0, 1, 10], [PointKind.Test, PointKind.Test, PointKind.Test], FashionClasses, folder.File("x.png")));
        Assert.Contains("Label 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Confusion_matrix_counts_match_a_direct_count_from_arrays_and_from_tensors()
    {
        var random = new Random(4);
        var labels = Enumerable.Range(0, 500).Select(_ => random.Next(10)).ToArray();
        var predictions = labels.Select(l => random.NextDouble() < 0.7 ? l : random.Next(10)).ToArray();

        var fromArrays = ConfusionMatrix.FromPredictions(10, labels, predictions);
        var fromTensors = new ConfusionMatrix(10);
        for (int start = 0; start < 500; start += 100)
        {
            using var l = tensor(labels[start..(start + 100)].Select(v => (long)v).ToArray());
            using var p = tensor(predictions[start..(start + 100)]);
            fromTensors.Add(l, p);
        }

        for (int a = 0; a < 10; a++)
        {
            for (int p = 0; p < 10; p++)
            {
                long expected = labels.Zip(predictions).Count(pair => pair.First == a && pair.Second == p);
                Assert.Equal(expected, fromArrays[a, p]);
                Assert.Equal(expected, fromTensors[a, p]);
            }

            int classTotal = labels.Count(l => l == a);
            Assert.Equal((double)labels.Zip(predictions).Count(pair => pair.First == a && pair.Second == a) / classTotal, fromArrays.PerClassAccuracy()[a], 12);
        }

        Assert.Equal(500, fromTensors.Total);
        Assert.Equal(labels.Zip(predictions).Count(pair => pair.First == pair.Second) / 500.0, fromTensors.Accuracy, 12);
    }

    [Fact]
    public void Confusion_matrix_refuses_a_class_out_of_range()
    {
        var matrix = new ConfusionMatrix(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(3, 0));
        using var labels = tensor(new long[] { 0, 5 });
        using var predictions = tensor(new long[] { 0, 1 });
        Assert.Throws<ArgumentException>(() => matrix.Add(labels, predictions));
        Assert.Equal(0, matrix.Total);
    }

    [Fact]
    public void Confusion_matrix_heat_map_is_a_png_of_the_asked_size()
    {
        using var folder = new TempFolder();
        var random = new Random(9);
        var labels = Enumerable.Range(0, 2000).Select(i => i / 200).ToArray();
        var predictions = labels.Select(l => random.NextDouble() < 0.8 ? l : (l + 1 + random.Next(2)) % 10).ToArray();
        var matrix = ConfusionMatrix.FromPredictions(10, labels, predictions);

        var png = folder.File(ConfusionMatrixPlot.FileName);
        ConfusionMatrixPlot.Save(matrix, FashionClasses, png, 900, 800);
        PngAssert.IsPng(png, 900, 800);
        CopyForInspection(png);
    }

    private static void AssertSeries(MetricsTable table, string name, double[] steps, double[] values)
    {
        var (xs, ys) = table.Series(name);
        Assert.Equal(steps, xs);
        Assert.Equal(values, ys);
    }

    // Lets a person look at the pictures a test drew: set METASEMI_TEST_PICTURES to a folder.
    private static void CopyForInspection(string png)
    {
        var target = Environment.GetEnvironmentVariable("METASEMI_TEST_PICTURES");
        if (!string.IsNullOrEmpty(target))
        {
            Directory.CreateDirectory(target);
            File.Copy(png, Path.Combine(target, Path.GetFileName(png)), overwrite: true);
        }
    }
}
