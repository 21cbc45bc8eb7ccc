using System.Globalization;

namespace MetaSemi.Cli.Progress;

/// <summary>The progress line of an image-cache build (docs/design.md §8): files decoded of files to decode, at most once a second.</summary>
internal sealed class ImageCacheConsoleProgress(TextWriter writer) : IProgress<MetaSemi.Data.ImageCacheProgress>
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private double _lastSeconds = double.NegativeInfinity;

    public void Report(MetaSemi.Data.ImageCacheProgress value)
    {
        bool done = value.Done == value.Total;
        if (!done && _clock.Elapsed.TotalSeconds - _lastSeconds < 1)
        {
            return;
        }

        _lastSeconds = _clock.Elapsed.TotalSeconds;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Decoding unlabeled/ into the image cache: {value.Done}/{value.Total} files, {_clock.Elapsed.TotalSeconds:0} s"));
    }
}
