namespace MetaSemi.Scheduling;

/// <summary>
/// The CIFAR/SVHN schedule (docs/design.md §2.4): <c>lr·t/warmup</c> for t &lt; warmup, then
/// <c>lr·γ^(number of milestones m with t &gt; m)</c>.
/// </summary>
/// <param name="WarmupSteps">Linear warm-up length; 0 for none.</param>
/// <param name="Milestones">Strictly increasing steps after which the rate is multiplied by γ.</param>
/// <param name="Gamma">Decay factor, in (0, 1].</param>
public sealed record WarmupMultiStepSchedule(long WarmupSteps, IReadOnlyList<long> Milestones, double Gamma) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(long step, double baseLearningRate)
    {
        if (step < WarmupSteps)
        {
            return baseLearningRate * step / WarmupSteps;
        }

        int passed = Milestones.Count(m => step > m);
        return baseLearningRate * Math.Pow(Gamma, passed);
    }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (WarmupSteps < 0)
        {
            yield return $"Schedule.WarmupSteps must be 0 or more; got {WarmupSteps}.";
        }

        if (Milestones is null)
        {
            yield return "Schedule.Milestones must be a list (empty for no decay); got null.";
            yield break;
        }

        for (int i = 0; i < Milestones.Count; i++)
        {
            if (Milestones[i] < 0 || (i > 0 && Milestones[i] <= Milestones[i - 1]))
            {
                yield return $"Schedule.Milestones must be non-negative and strictly increasing; got [{string.Join(", ", Milestones)}].";
                break;
            }
        }

        if (LearningRateScheduleOptions.GammaRule.Check(Gamma) is { } gamma)
        {
            yield return gamma;
        }
    }
}
