namespace MetaSemi.Algorithms;

/// <summary>
/// The settings every algorithm of docs/design.md §7 has: the unlabelled-loss weight λ_u, the unlabelled/labelled batch
/// ratio μ and the EMA of the weights that USB keeps for evaluation. Each algorithm's options class derives
/// from this one and sets USB's classic_cv defaults (config/classic_cv/&lt;algorithm&gt;/).
/// </summary>
public abstract class SemiSupervisedAlgorithmOptions : IAlgorithmOptions
{
    /// <summary>λ_u, the weight of the unlabelled loss (USB <c>ulb_loss_ratio</c>).</summary>
    public double UnlabeledLossWeight { get; set; } = 1.0;

    /// <summary>μ: the unlabelled batch is μ times the labelled one (USB <c>uratio</c>).</summary>
    public int UnlabeledRatio { get; set; } = 1;

    /// <summary>The decay of the EMA of the weights that the trainer keeps (USB <c>ema_m</c>, 0.999).</summary>
    public double EmaDecay { get; set; } = 0.999;

    /// <summary>
    /// Whether evaluation and <c>model_best</c> use the EMA model, as USB does (default true). False evaluates the
    /// trained weights, and the trainer keeps no EMA unless the algorithm itself needs it (Mean Teacher's teacher).
    /// </summary>
    public bool EvaluateWithEma { get; set; } = true;

    /// <summary>The options' name in messages and configuration (for example <c>FixMatch</c>).</summary>
    protected abstract string SectionName { get; }

    /// <summary>Every problem with these settings, each naming the option and what was expected; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!double.IsFinite(UnlabeledLossWeight) || UnlabeledLossWeight < 0)
        {
            errors.Add($"{SectionName}.UnlabeledLossWeight must be a finite number, 0 or more; got {UnlabeledLossWeight}.");
        }

        if (UnlabeledRatio < 1)
        {
            errors.Add($"{SectionName}.UnlabeledRatio must be 1 or more; got {UnlabeledRatio}.");
        }

        RequireDecay(errors, nameof(EmaDecay), EmaDecay);

        AddErrors(errors);
        return errors;
    }

    /// <inheritdoc />
    IEnumerable<string> IAlgorithmOptions.Validate() => Validate();

    /// <summary>Adds the problems with the algorithm's own settings.</summary>
    protected virtual void AddErrors(List<string> errors)
    {
    }

    /// <summary>Adds a message when <paramref name="value"/> is not in (0, 1].</summary>
    protected void RequireProbability(List<string> errors, string name, double value) => Require(errors, name, value, ValueRange.Probability);

    /// <summary>Adds a message when <paramref name="value"/> is not in [0, 1).</summary>
    protected void RequireDecay(List<string> errors, string name, double value) => Require(errors, name, value, ValueRange.Decay);

    /// <summary>Adds a message naming <c>Section.<paramref name="name"/></c> when <paramref name="value"/> is outside <paramref name="range"/>.</summary>
    protected void Require(List<string> errors, string name, double value, ValueRange range)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(range);
        if (range.Check($"{SectionName}.{name}", value) is { } error)
        {
            errors.Add(error);
        }
    }

    /// <summary>Throws when the options are invalid (an algorithm's constructor calls it before copying them).</summary>
    /// <exception cref="ArgumentException">Some option is invalid; the message lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    /// <summary>The requirements these settings give: the views, μ and the EMA (kept when evaluated or when the step needs it).</summary>
    /// <param name="views">The unlabelled views the algorithm's step reads (<see cref="Data.ViewNames"/>).</param>
    /// <param name="usesExampleIndices">Whether the step reads each unlabelled example's index (per-example state, as FlexMatch).</param>
    /// <param name="stepUsesTeacher">Whether the step reads the EMA teacher (as Mean Teacher), so the trainer keeps one even when evaluation does not use it.</param>
    public AlgorithmRequirements Requirements(IReadOnlyList<string> views, bool usesExampleIndices = false, bool stepUsesTeacher = false) => new()
    {
        UnlabeledViews = views,
        UnlabeledRatio = UnlabeledRatio,
        EmaDecay = EvaluateWithEma || stepUsesTeacher ? EmaDecay : null,
        EvaluateWithEma = EvaluateWithEma,
        UsesExampleIndices = usesExampleIndices,
    };
}
