namespace MetaSemi.Cli.Commands;

/// <summary>The values of <c>--lr-schedule</c>.</summary>
internal static class LearningRateSchedules
{
    /// <summary>Linear warm-up, then a step decay at each milestone (docs/design.md §2; the reference's schedule and the default).</summary>
    public const string Step = "step";

    /// <summary>Linear warm-up, then half a cosine down to 0 at the last step (USB's recipe for the field's methods).</summary>
    public const string Cosine = "cosine";

    /// <summary>Every value, in help order.</summary>
    public static readonly IReadOnlyList<string> All = [Step, Cosine];
}
