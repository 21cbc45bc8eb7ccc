namespace MetaSemi.Scheduling;

/// <summary>
/// The ImageNet schedule (docs/design.md §2.4): linear warm-up to lr over <c>WarmupSteps</c>, then
/// <c>lr/2·(1 + cos(π·(t − t_w)/(T − t_w)))</c>, with t taken at the start of its epoch
/// (<c>StepsPerEpoch</c> 1 for a per-step schedule).
/// </summary>
/// <param name="WarmupSteps">Warm-up length t_w in steps (whole epochs for ImageNet: 5 × steps per epoch).</param>
/// <param name="TotalSteps">T, the step at which the rate reaches 0.</param>
/// <param name="StepsPerEpoch">Granularity: the rate changes only at multiples of this.</param>
public sealed record WarmupCosineSchedule(long WarmupSteps, long TotalSteps, long StepsPerEpoch = 1) : ILearningRateSchedule
{
    /// <inheritdoc />
    public double LearningRate(long step, double baseLearningRate)
    {
        long t = step / StepsPerEpoch * StepsPerEpoch;
        if (t < WarmupSteps)
        {
            return baseLearningRate * t / WarmupSteps;
        }

        double progress = Math.Min(1.0, (double)(t - WarmupSteps) / (TotalSteps - WarmupSteps));
        return baseLearningRate / 2 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (WarmupSteps < 0)
        {
            yield return $"Schedule.WarmupSteps must be 0 or more; got {WarmupSteps}.";
        }

        if (TotalSteps <= WarmupSteps)
        {
            yield return $"Schedule.TotalSteps must be greater than Schedule.WarmupSteps ({WarmupSteps}); got {TotalSteps}.";
        }

        if (StepsPerEpoch <= 0)
        {
            yield return $"Schedule.StepsPerEpoch must be positive; got {StepsPerEpoch}.";
        }
    }
}
