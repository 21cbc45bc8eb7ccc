using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MetaSemi.Comparison;

/// <summary>
/// How a run's learning rate was set: the schedule's kind (step or cosine), the base rate, the warm-up, the step
/// schedule's milestones and factor, Nesterov, momentum and weight decay, as readable facets in that order
/// ("step lr", "lr 0.1", "warm-up 250", …). A facet the records do not give, or that the kind does not use
/// (milestones of a cosine schedule), is empty. Two runs of one algorithm that differ only here are two methods;
/// <see cref="MethodNames"/> names them by the first facets that tell them apart.
/// </summary>
public sealed partial class LearningRateRecipe(IReadOnlyList<string> facets)
{
    /// <summary>The facets, <see cref="FacetCount"/> of them, in the order above.</summary>
    public IReadOnlyList<string> Facets { get; } = facets;

    /// <summary>The number of facets every recipe has.</summary>
    public const int FacetCount = 8;

    /// <summary>Equal for recipes with equal facets.</summary>
    public string Key => string.Join('|', Facets);

    /// <summary>
    /// The recipe <paramref name="records"/> give: the schedule actually built (<c>options.json</c>'s
    /// <c>LearningRateSchedule</c>) first, then the trainer's options, then the flags; null when none records one.
    /// </summary>
    public static LearningRateRecipe? From(RunRecords records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var options = RunRecords.Property(records.Options, "Options");
        var optimizer = RunRecords.Property(options, "Optimizer");
        var schedule = RunRecords.Property(options, "Schedule");
        var built = RunRecords.Text(records.Options, "LearningRateSchedule");
        var args = records.Args;

        string? kind = KindOf(built) ?? KindOf(RunRecords.Text(schedule, "Kind")) ?? KindOf(RunRecords.Text(args, "lr-schedule"));
        var builtWarmup = built is null ? null : BuiltWarmup().Match(built) is { Success: true } m ? m.Groups[1].Value : null;
        string[] facets =
        [
            kind is null ? string.Empty : $"{kind} lr",
            Facet("lr ", RunRecords.Text(optimizer, "LearningRate") ?? RunRecords.Text(args, "lr")),
            Facet("warm-up ", builtWarmup ?? RunRecords.Text(schedule, "WarmupSteps") ?? RunRecords.Text(args, "warmup")),
            kind == Step ? Facet("milestones ", Milestones(RunRecords.Property(schedule, "Milestones") ?? RunRecords.Property(args, "milestones"))) : string.Empty,
            kind == Step ? Facet("gamma ", RunRecords.Text(schedule, "Gamma") ?? RunRecords.Text(args, "gamma")) : string.Empty,
            (RunRecords.Boolean(optimizer, "Nesterov") ?? RunRecords.Boolean(args, "nesterov")) switch { true => "Nesterov", false => "no Nesterov", null => string.Empty },
            Facet("momentum ", RunRecords.Text(optimizer, "Momentum") ?? RunRecords.Text(args, "momentum")),
            Facet("weight decay ", RunRecords.Text(optimizer, "WeightDecay") ?? RunRecords.Text(args, "weight-decay")),
        ];
        return facets.All(f => f.Length == 0) ? null : new LearningRateRecipe(facets);
    }

    private const string Step = "step";

    /// <summary>"step" or "cosine" from a built schedule's text, a schedule kind or the flag's value; other kinds in lower case.</summary>
    private static string? KindOf(string? text) => text switch
    {
        null or "" => null,
        _ when text.StartsWith("WarmupCosine", StringComparison.Ordinal) || text == "cosine" => "cosine",
        _ when text.StartsWith("WarmupMultiStep", StringComparison.Ordinal) || text == Step => Step,
        _ when text.Contains(' ', StringComparison.Ordinal) => null,
        _ => text.ToLowerInvariant(),
    };

    private static string Facet(string prefix, string? value) => value is null ? string.Empty : prefix + Normalise(value);

    /// <summary>Numbers in their shortest invariant form (0.10 and 0.1 are one value).</summary>
    private static string Normalise(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString("R", CultureInfo.InvariantCulture) : value;

    private static string? Milestones(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Array } array => string.Join(' ', array.EnumerateArray().Select(e => Normalise(e.ToString()))),
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    [GeneratedRegex(@"WarmupSteps = (\d+)")]
    private static partial Regex BuiltWarmup();
}
