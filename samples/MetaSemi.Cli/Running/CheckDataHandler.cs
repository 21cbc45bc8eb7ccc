using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi check-data</c>: decodes every image of a <c>--dataset folders</c> layout and reports what a run would see.</summary>
internal sealed class CheckDataHandler : ICommandHandler<CheckDataCommandOptions>
{
    private const int IgnoredShown = 10;

    public async Task<int> RunAsync(CheckDataCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        ImageFolderReport report;
        try
        {
            report = ImageFolderReport.Check(options.Path);
        }
        catch (DataFormatException e)
        {
            throw new CliUserException(e.Message, e);
        }

        var o = context.Output;
        var layout = report.Layout;
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{options.Path}: {layout.ClassNames.Count} classes ({string.Join(", ", layout.ClassNames)}), {layout.Labeled.Count} labelled, {layout.Unlabeled.Count} unlabelled, {(layout.Test is { } t ? $"{t.Count} test images" : "no test/ (hold out a validation split with --validation-per-class K)")}")).ConfigureAwait(false);
        var rows = new List<string[]> { new[] { "part", "class", "images", "smallest", "largest", "grey", "colour" } };
        foreach (var g in report.Groups)
        {
            var images = g.Images;
            rows.Add(
            [
                g.Part, g.ClassName ?? "-", images.Count.ToString(CultureInfo.InvariantCulture),
                images.Count == 0 ? "-" : Size(images.MinBy(i => (long)i.Width * i.Height)!),
                images.Count == 0 ? "-" : Size(images.MaxBy(i => (long)i.Width * i.Height)!),
                images.Count(i => i.IsGrey).ToString(CultureInfo.InvariantCulture),
                images.Count(i => !i.IsGrey).ToString(CultureInfo.InvariantCulture),
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            await o.WriteLineAsync("  " + string.Join("  ", row.Select((cell, c) => c is 2 or 5 or 6 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd()).ConfigureAwait(false);
        }

        bool allGrey = report.Groups.All(g => g.Images.All(i => i.IsGrey));
        await o.WriteLineAsync($"channels: {(allGrey ? "every image is grey (--channels auto trains on 1 channel)" : "colour images present (--channels auto trains on 3 channels)")}").ConfigureAwait(false);
        if (ColourCue.Warning(report) is { } colourCue)
        {
            await o.WriteLineAsync(colourCue).ConfigureAwait(false);
        }

        if (layout.Ignored.Count > 0)
        {
            await o.WriteLineAsync($"{layout.Ignored.Count} file(s) are not images by their extension and are not read: {string.Join(", ", layout.Ignored.Take(IgnoredShown))}{(layout.Ignored.Count > IgnoredShown ? ", …" : string.Empty)}").ConfigureAwait(false);
        }

        if (report.Unreadable.Count == 0)
        {
            await o.WriteLineAsync("every image can be read.").ConfigureAwait(false);
            if (options.Pretrained == PretrainedOptionSet.ImageNet)
            {
                await OutOfClassCheck.WriteAsync(options.Path, options.ImageSize ?? 128, context, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        await o.WriteLineAsync($"{report.Unreadable.Count} image(s) cannot be read (fix or remove them, or train with --skip-bad-images):").ConfigureAwait(false);
        foreach (var bad in report.Unreadable)
        {
            await o.WriteLineAsync($"  {bad.Path}: {bad.Reason}").ConfigureAwait(false);
        }

        return CliApplication.FailureExitCode;
    }

    private static string Size(ImageFileInfo image) => string.Create(CultureInfo.InvariantCulture, $"{image.Width}×{image.Height}");
}
