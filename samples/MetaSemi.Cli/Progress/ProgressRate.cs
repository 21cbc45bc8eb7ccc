namespace MetaSemi.Cli.Progress;

/// <summary>Speed and time left, measured from the first report (so a resumed run does not count the steps it skipped).</summary>
internal sealed class ProgressRate
{
    private long? _firstStep;
    private double _firstSeconds;

    /// <summary>Steps per second since the first report; null until two reports apart in time.</summary>
    public double? StepsPerSecond { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public void Update(long step, double elapsedSeconds)
    {
        if (_firstStep is null)
        {
            _firstStep = step;
            _firstSeconds = elapsedSeconds;
        }

        Elapsed = TimeSpan.FromSeconds(elapsedSeconds);
        double seconds = elapsedSeconds - _firstSeconds;
        long steps = step - _firstStep.Value;
        StepsPerSecond = seconds > 0 && steps > 0 ? steps / seconds : null;
    }

    public double? ImagesPerSecond(int imagesPerStep) => imagesPerStep > 0 ? StepsPerSecond * imagesPerStep : null;

    public TimeSpan? Remaining(long step, long totalSteps) =>
        StepsPerSecond is { } rate ? TimeSpan.FromSeconds(Math.Max(0, totalSteps - step) / rate) : null;
}
