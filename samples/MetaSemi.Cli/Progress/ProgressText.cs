using System.Globalization;
using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Progress;

/// <summary>The words both reporters show, so a log line and the live display read alike.</summary>
internal static class ProgressText
{
    public static string Steps(ConsoleProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"step {p.Step}/{p.TotalSteps} ({(p.TotalSteps == 0 ? 0 : 100.0 * p.Step / p.TotalSteps):F1}%)");

    public static string Metrics(ConsoleProgress p)
    {
        var parts = new List<string>();
        Add(parts, "label loss", p.LabelLoss, "F4");
        Add(parts, "cons loss", p.UnlabelLoss, "F4");
        Add(parts, "mixup loss", p.InterpLoss, "F4");
        AddPercent(parts, "label acc", p.LabelAccuracy);
        AddPercent(parts, "unlabel acc", p.UnlabelAccuracy);
        foreach (var (name, value) in p.OtherMetrics)
        {
            var (label, percent) = Label(name);
            if (percent)
            {
                AddPercent(parts, label, value);
            }
            else
            {
                Add(parts, label, value, "G4");
            }
        }

        Add(parts, "lr", p.LearningRate, "G4");
        AddPercent(parts, "test", p.TestAccuracy);
        AddPercent(parts, "best", p.BestTestAccuracy);
        return string.Join(" | ", parts);
    }

    /// <summary>
    /// How a named metric reads on the console: the library's own under short labels (fractions as percentages), any
    /// other (an algorithm of your own) as its name without <c>train/</c>, dashes read as spaces.
    /// </summary>
    public static (string Label, bool Percent) Label(string metric) => metric switch
    {
        MetricNames.MaskRatio => ("mask", true),
        MetaTargetCorrection.ArgmaxChangedMetric => ("meta argmax changed", true),
        FreeMatch.FairnessLossMetric => ("fairness loss", false),
        _ => ((metric.StartsWith("train/", StringComparison.Ordinal) ? metric["train/".Length..] : metric).Replace('-', ' '), false),
    };

    public static string Speed(ProgressRate rate, ConsoleProgress p)
    {
        var parts = new List<string> { "elapsed " + Duration(rate.Elapsed) };
        if (rate.ImagesPerSecond(p.ImagesPerStep) is { } ips)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{ips:F1} img/s"));
        }

        parts.Add("ETA " + (rate.Remaining(p.Step, p.TotalSteps) is { } eta ? Duration(eta) : "--:--:--"));
        return string.Join(" | ", parts);
    }

    public static string Duration(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours:D2}:{span.Minutes:D2}:{span.Seconds:D2}");

    private static void Add(List<string> parts, string name, double? value, string format)
    {
        if (value is { } v)
        {
            parts.Add($"{name} {v.ToString(format, CultureInfo.InvariantCulture)}");
        }
    }

    private static void AddPercent(List<string> parts, string name, double? value)
    {
        if (value is { } v)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {v * 100:F2}%"));
        }
    }
}
