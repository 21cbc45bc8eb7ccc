namespace MetaSemi.Cli.Progress;

/// <summary>Shows a run's progress; disposing it ends the display. Safe to call from the training thread.</summary>
internal interface IProgressReporter : IDisposable
{
    void Report(ConsoleProgress progress);

    /// <summary>A message that stays (an evaluation result, a checkpoint saved).</summary>
    void WriteLine(string message);
}
