using MetaSemi.Cli.Progress;
using MetaSemi.Cli.Running;

namespace MetaSemi.Tests.Cli;

/// <summary>The live display moves at least once a second, not only every --print-freq steps.</summary>
public sealed class ProgressRefreshTests
{
    private sealed class Recording : IProgressReporter
    {
        public List<long> Steps { get; } = [];

        public void Report(MetaSemi.Cli.Progress.ConsoleProgress progress) => Steps.Add(progress.Step);

        public void WriteLine(string message)
        {
        }

        public void Dispose()
        {
        }
    }

    private static MetaSemi.TrainingProgress Step(long step) =>
        new(step, 1000, new Dictionary<string, double> { [MetaSemi.Algorithms.MetricNames.LabelLoss] = 1 }, 0, 0, null);

    [Fact]
    public void Steps_between_print_freq_steps_are_shown_once_the_refresh_interval_has_passed()
    {
        var now = TimeSpan.Zero;
        var live = new Recording();
        var bridge = new TrainingProgressBridge(live, Path.GetTempPath(), "t", printEvery: 100, imagesPerStep: 8, TimeSpan.FromSeconds(1), () => now);
        var plain = new Recording();
        var lines = new TrainingProgressBridge(plain, Path.GetTempPath(), "t", printEvery: 100, imagesPerStep: 8, refreshEvery: null, () => now);
        for (long s = 1; s <= 200; s++)
        {
            now += TimeSpan.FromMilliseconds(300); // 0.3 s per step: a refresh is due every fourth step
            bridge.Report(Step(s));
            lines.Report(Step(s));
        }

        Assert.Equal([100L, 200], plain.Steps);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => 4L * i).Union([100L, 200]).Order(), live.Steps);
    }
}
