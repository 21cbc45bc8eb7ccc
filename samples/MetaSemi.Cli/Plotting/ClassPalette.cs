using ScottPlot;

namespace MetaSemi.Cli.Plotting;

/// <summary>One distinguishable colour per class: Category10 up to 10 classes, Category20 up to 20, then hues.</summary>
internal static class ClassPalette
{
    public static Color ColorOf(int classIndex, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        if (classCount <= 10)
        {
            return new ScottPlot.Palettes.Category10().GetColor(classIndex);
        }

        if (classCount <= 20)
        {
            return new ScottPlot.Palettes.Category20().GetColor(classIndex);
        }

        // Golden-angle hue steps keep neighbouring class indices apart for many classes (CIFAR-100).
        double hue = (classIndex * 0.618033988749895) % 1.0;
        return Color.FromHSL((float)hue, 0.75f, 0.45f);
    }
}
