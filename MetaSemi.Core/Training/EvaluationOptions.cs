namespace MetaSemi;

/// <summary>Test-set evaluation (docs/design.md §2.5).</summary>
public sealed class EvaluationOptions
{
    /// <summary>Steps between evaluations (also at the last step). Default 400.</summary>
    public int EverySteps { get; set; } = 400;

    /// <summary>Evaluation batch size. Default 100.</summary>
    public int BatchSize { get; set; } = 100;
}
