namespace MetaSemi.Scheduling;

/// <summary>
/// The consistency-weight ramp (docs/design.md §2.4): <c>w·t/ramp</c> for t ≤ ramp, then w; a ramp of 0 gives w
/// from the first step.
/// </summary>
/// <param name="Weight">The final weight w (the reference's default is 1).</param>
/// <param name="RampSteps">Ramp length (the reference uses the learning-rate warm-up, 4000).</param>
public sealed record LinearRampWeight(double Weight, long RampSteps) : IConsistencyWeightSchedule
{
    double IConsistencyWeightSchedule.Weight(long step) =>
        step <= RampSteps && RampSteps > 0 ? Weight * step / RampSteps : Weight;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (!double.IsFinite(Weight) || Weight < 0)
        {
            yield return $"Consistency.Weight must be a finite number, 0 or more; got {Weight}.";
        }

        if (RampSteps < 0)
        {
            yield return $"Consistency.RampSteps must be 0 or more; got {RampSteps}.";
        }
    }
}
