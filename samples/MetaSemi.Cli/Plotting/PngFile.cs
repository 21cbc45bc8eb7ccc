using ScottPlot;
using SkiaSharp;

namespace MetaSemi.Cli.Plotting;

/// <summary>Writes plots as PNG files, creating the folder; several plots side by side share one image.</summary>
internal static class PngFile
{
    public static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        CreateFolderOf(path);
        plot.SavePng(path, width, height);
    }

    public static void SaveSideBySide(IReadOnlyList<Plot> plots, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plots);
        CheckSize(width, height);
        CreateFolderOf(path);
        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);

        // Each plot renders to its own image first: rendering into part of a shared canvas repaints the whole canvas.
        int left = 0;
        for (int i = 0; i < plots.Count; i++)
        {
            int right = (int)Math.Round((double)width * (i + 1) / plots.Count);
            var png = plots[i].GetImageBytes(right - left, height, ImageFormat.Png);
            using var bitmap = SKBitmap.Decode(png);
            surface.Canvas.DrawBitmap(bitmap, left, 0);
            left = right;
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 100 || height < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A picture of {width}×{height} pixels is too small to read; use at least 100×100.");
        }
    }

    private static void CreateFolderOf(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
