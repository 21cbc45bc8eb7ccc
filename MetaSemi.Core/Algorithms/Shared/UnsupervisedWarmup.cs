namespace MetaSemi.Algorithms;

/// <summary>
/// The linear ramp of the unlabelled-loss weight of Π-model, Pseudo-Label and Mean Teacher (docs/design.md §7, "λ ramps
/// up"): <c>clip(t / (fraction · T), 0, 1)</c> with t the steps completed before this one and T the run's total
/// steps, as USB's <c>unsup_warm_up</c> (0.4 in its classic_cv configs).
/// </summary>
public static class UnsupervisedWarmup
{
    /// <summary>The ramp factor for step <paramref name="step"/> (from 1) of <paramref name="totalSteps"/>; 1 when <paramref name="fraction"/> is 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is below 1, <paramref name="totalSteps"/> below 1, or <paramref name="fraction"/> negative.</exception>
    public static double Factor(long step, long totalSteps, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        if (fraction == 0)
        {
            return 1.0;
        }

        return Math.Clamp((step - 1) / (fraction * totalSteps), 0.0, 1.0);
    }
}
