namespace MetaSemi.Scheduling;

/// <summary>The consistency weight w_t of each step; replaceable by any implementation.</summary>
public interface IConsistencyWeightSchedule
{
    /// <summary>w_t for the step that starts after <paramref name="step"/> completed steps.</summary>
    double Weight(long step);

    /// <summary>Problems with this schedule's settings, each naming the setting; empty when valid.</summary>
    IEnumerable<string> Validate() => [];
}
