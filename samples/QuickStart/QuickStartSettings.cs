using System.Globalization;

namespace MetaSemi.QuickStart;

/// <summary>The quick start's few knobs: <c>--steps N --labels-per-class K --seed S --out DIR</c>.</summary>
internal sealed record QuickStartSettings(long Steps, int LabelsPerClass, int Seed, string OutputFolder)
{
    public const int BatchSize = 16;

    /// <summary>Every method evaluates on the test images every tenth of its <paramref name="steps"/>.</summary>
    public static int EvaluationInterval(long steps) => (int)Math.Max(1, steps / 10);

    public static QuickStartSettings Parse(string[] args)
    {
        var settings = new QuickStartSettings(2000, 4, 1, Path.Combine("runs", "quickstart"));
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--steps" => settings with { Steps = Positive(Value(), "--steps") },
                "--labels-per-class" => settings with { LabelsPerClass = (int)Positive(Value(), "--labels-per-class") },
                "--seed" => settings with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--out" => settings with { OutputFolder = Value() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --steps N, --labels-per-class K, --seed S, --out DIR."),
            };
        }

        return settings;
    }

    private static long Positive(string text, string name) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive integer; got '{text}'.");
}
