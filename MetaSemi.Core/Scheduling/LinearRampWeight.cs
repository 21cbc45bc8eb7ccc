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
        if (ConsistencyOptions.WeightRule.Check(Weight) is { } weight)
        {
            yield return weight;
        }

        if (ConsistencyOptions.RampStepsRule.Check(RampSteps) is { } rampSteps)
        {
            yield return rampSteps;
        }
    }
}
