using MetaSemi.Cli.Commands;
using SkiaSharp;

namespace MetaSemi.Tests.Cli;

/// <summary><c>check-data</c> warns when colour alone tells the labelled classes apart, and names those classes.</summary>
public sealed class CheckDataColourCueTests
{
    [Fact]
    public void One_colour_class_among_grey_classes_is_named_with_the_channels_1_advice()
    {
        var result = CheckData(coat: 0, shirt: 0, bag: 4);

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("warning: colour marks the class: the labelled images of bag are colour (≥ 90 % of each), those of every other class grey.", result.Output, StringComparison.Ordinal);
        Assert.Contains("--channels 1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void One_grey_class_among_colour_classes_is_named_as_the_grey_one()
    {
        var result = CheckData(coat: 4, shirt: 4, bag: 0);

        Assert.Contains("the labelled images of bag are grey", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0)]   // every image grey
    [InlineData(4, 4, 4)]   // every image colour
    [InlineData(2, 0, 0)]   // half of one class colour: no class is marked by it
    public void No_warning_when_colour_does_not_split_the_classes(int coat, int shirt, int bag)
    {
        var result = CheckData(coat, shirt, bag);

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.DoesNotContain("colour marks", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs check-data on the classes coat, shirt and bag, each with that many of its four images colour.</summary>
    private static CliResult CheckData(int coat, int shirt, int bag)
    {
        using var folder = new TempFolder();
        Write(folder.Path, "coat", coat);
        Write(folder.Path, "shirt", shirt);
        Write(folder.Path, "bag", bag);
        return CliHarness.Run(CommandHandlers.Default, "check-data", folder.Path);
    }

    /// <summary>labeled/<paramref name="name"/>/ with four 8×8 PNGs, the first <paramref name="colour"/> of them colour, the others grey.</summary>
    private static void Write(string root, string name, int colour)
    {
        var classFolder = Path.Combine(root, "labeled", name);
        Directory.CreateDirectory(classFolder);
        for (int i = 0; i < 4; i++)
        {
            using var bitmap = new SKBitmap(8, 8);
            bitmap.Erase(i < colour ? new SKColor(200, (byte)(40 * i), 30) : new SKColor((byte)(60 + 30 * i), (byte)(60 + 30 * i), (byte)(60 + 30 * i)));
            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(classFolder, $"{i}.png"), png.ToArray());
        }
    }
}
