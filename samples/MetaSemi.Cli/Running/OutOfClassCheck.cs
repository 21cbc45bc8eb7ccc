using System.Diagnostics;
using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Models;
using MetaSemi.Models.Pretrained;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>check-data --pretrained imagenet</c>: the ImageNet ResNet-18's features of every labelled and unlabelled image
/// (computed once, progress on the way) and the <see cref="OutOfClassReport"/> of them, per class, with the unlabelled
/// images farthest outside their nearest class listed by path.
/// </summary>
internal static class OutOfClassCheck
{
    private const int Shown = 10;

    public static async Task WriteAsync(string path, int imageSize, CliContext context, CancellationToken cancellationToken)
    {
        var o = context.Output;
        using var folders = ImageFolders.Load(path, new ImageFolderOptions { ImageSize = imageSize });
        if (folders.Unlabeled.shape[0] == 0)
        {
            await o.WriteLineAsync("out-of-class check: no unlabelled images to check.").ConfigureAwait(false);
            return;
        }

        var n = folders.Normalization;
        using var model = DatasetInputs.CreateModel(ModelZoo.ImageNetResNet18, folders.NumClasses, folders.Channels,
            new ZooModelOptions { ImageSize = imageSize, InputMean = n.Mean, InputStd = n.Std });
        var prepare = folders.CreateAugmentation();
        var clock = Stopwatch.StartNew();
        long total = folders.Labeled.Count + folders.Unlabeled.shape[0];
        long done = 0, shown = 0;
        var progress = new SynchronousProgress(count =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (done + count >= shown + Math.Max(1, total / 10) || done + count == total)
            {
                shown = done + count;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"features: {shown}/{total} images at {imageSize} px, {clock.Elapsed.TotalSeconds:F0} s"));
            }
        });
        using var labeled = FrozenFeatures.Compute(model, folders.Labeled.Images, prepare.Prepare, progress: progress);
        done = folders.Labeled.Count;
        using var unlabeled = FrozenFeatures.Compute(model, folders.Unlabeled, prepare.Prepare, progress: progress);
        var report = OutOfClassReport.Compute(labeled, folders.Labeled.Labels, unlabeled, folders.NumClasses);

        await o.WriteLineAsync("out-of-class check (cosine distance of ImageNet ResNet-18 features to each class's labelled centroid):").ConfigureAwait(false);
        var rows = new List<string[]> { new[] { "class", "labelled radius", "labelled median", "unlabelled nearest", "unlabelled median", "outside radius" } };
        rows.AddRange(report.Classes.Select(c => new[]
        {
            folders.ClassNames[c.ClassIndex], Number(c.Radius), Number(c.LabeledMedian), c.Unlabeled.ToString(CultureInfo.InvariantCulture),
            double.IsNaN(c.UnlabeledMedian) ? "-" : Number(c.UnlabeledMedian), c.Flagged.ToString(CultureInfo.InvariantCulture),
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            await o.WriteLineAsync("  " + string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd()).ConfigureAwait(false);
        }

        int flagged = report.Flagged.Count(f => f);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{flagged} of {report.Flagged.Count} unlabelled images ({100.0 * flagged / report.Flagged.Count:F1} %) lie outside the radius of their nearest class: they may be of no labelled class, and such images hurt semi-supervised learning.")).ConfigureAwait(false);
        var farthest = Enumerable.Range(0, report.Flagged.Count).Where(i => report.Flagged[i])
            .OrderByDescending(i => report.Distance[i] - report.Classes[report.NearestClass[i]].Radius).Take(Shown);
        foreach (var i in farthest)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {folders.UnlabeledPaths[i]}: nearest {folders.ClassNames[report.NearestClass[i]]}, distance {Number(report.Distance[i])} (radius {Number(report.Classes[report.NearestClass[i]].Radius)})")).ConfigureAwait(false);
        }
    }

    private static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
