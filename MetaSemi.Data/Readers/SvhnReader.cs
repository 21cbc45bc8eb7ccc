using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Reads SVHN cropped digits (<c>train_32x32.mat</c>, <c>test_32x32.mat</c>, <c>extra_32x32.mat</c>):
/// <c>X</c> uint8 32×32×3×N (column-major) becomes N×3×32×32; <c>y</c> N×1 with label 10 meaning digit 0.
/// </summary>
public static class SvhnReader
{
    /// <summary>SVHN class names: the digits, label = digit.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ImageDataset.NumberedClassNames(10);

    /// <summary>Loads <c>train_32x32.mat</c> or <c>test_32x32.mat</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    public static ImageDataset Load(string directory, bool train)
    {
        string path = Path.Combine(directory, train ? "train_32x32.mat" : "test_32x32.mat");
        return File.Exists(path) ? Read(path) : throw new FileNotFoundException($"SVHN file {path} is missing.", path);
    }

    /// <summary>Reads one SVHN <c>*_32x32.mat</c> file.</summary>
    /// <exception cref="DataFormatException">The file is not a valid MAT file or lacks X/y of the expected shapes and values.</exception>
    public static ImageDataset Read(string path)
    {
        var arrays = MatFileReader.Read(path);
        if (!arrays.TryGetValue("X", out var x) || !arrays.TryGetValue("y", out var y))
        {
            throw DataFormatException.InFile(path, $"holds variables [{string.Join(", ", arrays.Keys)}]; expected X and y.");
        }

        if (x.Data is not byte[] pixels || x.Dimensions.Count != 4 || x.Dimensions[0] != 32 || x.Dimensions[1] != 32 || x.Dimensions[2] != 3)
        {
            throw DataFormatException.InFile(path, $"X is {x.Class} of size {string.Join("×", x.Dimensions)}; expected uint8 32×32×3×N.");
        }

        int n = x.Dimensions[3];
        bool column = y.Dimensions.Count == 2 && ((y.Dimensions[0] == n && y.Dimensions[1] == 1) || (y.Dimensions[0] == 1 && y.Dimensions[1] == n));
        if (y.Data is not double[] values || !column)
        {
            throw DataFormatException.InFile(path, $"y is {y.Class} of size {string.Join("×", y.Dimensions)}; expected a numeric {n}×1 vector.");
        }

        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            if (v != Math.Floor(v) || v < 1 || v > 10)
            {
                throw DataFormatException.AtItem(path, i, $"y is {v}; expected an integer 1..10 (10 meaning digit 0).");
            }

            labels[i] = v == 10 ? 0 : (long)v;
        }

        // Column-major X(row, col, channel, n) is, read row-major, [n][channel][col][row]: swap the last two.
        using var raw = torch.tensor(pixels, [n, 3, 32, 32], torch.ScalarType.Byte);
        var images = raw.permute(0, 1, 3, 2).contiguous();
        return new ImageDataset(images, torch.tensor(labels), ClassNames);
    }
}
