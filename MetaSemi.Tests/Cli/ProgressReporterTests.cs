using MetaSemi.Cli.Progress;
using Spectre.Console;

namespace MetaSemi.Tests.Cli;

using TrainingProgress = MetaSemi.Cli.Progress.ConsoleProgress;

public class ProgressReporterTests
{
    private static readonly TrainingProgress Sample = new(200, 400)
    {
        LabelLoss = 0.5, UnlabelLoss = 0.0125, InterpLoss = 1.25, LabelAccuracy = 0.875, UnlabelAccuracy = 0.8, LearningRate = 0.05,
        TestAccuracy = 0.7512, BestTestAccuracy = 0.76, ImagesPerStep = 256,
    };

    [Fact]
    public void Rate_and_time_left_are_measured_from_the_first_report()
    {
        var rate = new ProgressRate();
        rate.Update(step: 1000, elapsedSeconds: 5);
        Assert.Null(rate.StepsPerSecond);
        Assert.Null(rate.Remaining(1000, 2000));

        rate.Update(step: 1100, elapsedSeconds: 15);
        Assert.Equal(10.0, rate.StepsPerSecond);
        Assert.Equal(2560.0, rate.ImagesPerSecond(256));
        Assert.Null(rate.ImagesPerSecond(0));
        Assert.Equal(TimeSpan.FromSeconds(90), rate.Remaining(1100, 2000));
        Assert.Equal(TimeSpan.FromSeconds(15), rate.Elapsed);
    }

    [Fact]
    public void Metrics_text_shows_what_the_report_has_in_invariant_culture()
    {
        Assert.Equal("label loss 0.5000 | cons loss 0.0125 | mixup loss 1.2500 | label acc 87.50% | unlabel acc 80.00% | lr 0.05 | test 75.12% | best 76.00%", ProgressText.Metrics(Sample));
        Assert.Equal("label loss 0.5000", ProgressText.Metrics(new ConsoleProgress(1, 2) { LabelLoss = 0.5 }));
        Assert.Equal("step 200/400 (50.0%)", ProgressText.Steps(Sample));
        Assert.Equal("27:46:40", ProgressText.Duration(TimeSpan.FromSeconds(100_000)));
    }

    [Fact]
    public void Every_named_metric_of_a_step_reaches_the_console_in_its_place()
    {
        var metrics = new Dictionary<string, double>
        {
            [MetaSemi.Algorithms.MetricNames.Loss] = 0.9,
            [MetaSemi.Algorithms.MetricNames.LabelLoss] = 0.5,
            [MetaSemi.Algorithms.MetricNames.UnlabelLoss] = 0.25,
            [MetaSemi.Algorithms.MetricNames.UnlabelWeight] = 1.0,
            [MetaSemi.Algorithms.MetricNames.LabelAccuracy] = 0.875,
            [MetaSemi.Algorithms.MetricNames.MaskRatio] = 0.625,
            [MetaSemi.Algorithms.FreeMatch.FairnessLossMetric] = -2.302585,
            [MetaSemi.Algorithms.MetaTargetCorrection.ArgmaxChangedMetric] = 0.0625,
            ["train/my-own-term"] = 3.5,
            [MetaSemi.Algorithms.MetricNames.InterpLoss] = double.NaN,
            [MetaSemi.Algorithms.MetricNames.LearningRate] = 0.03,
        };
        var step = new MetaSemi.TrainingProgress(7, 10, metrics, 0, 0, null);

        var shown = ProgressText.Metrics(ConsoleProgress.FromStep(step, testAccuracy: 0.5, bestTestAccuracy: 0.6, imagesPerStep: 48));

        Assert.Equal(
            "label loss 0.5000 | cons loss 0.2500 | label acc 87.50% | fairness loss -2.303 | mask 62.50% | meta argmax changed 6.25% "
            + "| my own term 3.5 | lr 0.03 | test 50.00% | best 60.00%",
            shown);
    }

    [Fact]
    public void Redirected_output_gets_one_plain_line_per_report()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });

        using (var reporter = ProgressReporterFactory.Create(console, output, "meta", 400))
        {
            Assert.IsType<PlainProgressReporter>(reporter);
            reporter.Report(Sample with { Step = 100 });
            reporter.Report(Sample);
            reporter.WriteLine("test accuracy 75.12% (best 76.00%)");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("[meta] step 100/400 (25.0%) | label loss 0.5000 | cons loss 0.0125", lines[0], StringComparison.Ordinal);
        Assert.Contains("ETA ", lines[1], StringComparison.Ordinal);
        Assert.Contains("img/s", lines[1], StringComparison.Ordinal);
        Assert.Equal("[meta] test accuracy 75.12% (best 76.00%)", lines[2].TrimEnd());
    }

    [Fact]
    public void An_interactive_terminal_gets_the_live_display()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.TrueColor, Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = 160;

        using (var reporter = ProgressReporterFactory.Create(console, TextWriter.Null, "meta", 400))
        {
            Assert.IsType<LiveProgressReporter>(reporter);
            reporter.Report(Sample);
            reporter.WriteLine("saved checkpoint");
        }

        var text = screen.ToString();
        Assert.Contains("step 200/400 (50.0%)", text, StringComparison.Ordinal);
        Assert.Contains("label loss 0.5000", text, StringComparison.Ordinal);
        Assert.Contains("saved checkpoint", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes });
        var reporter = new LiveProgressReporter(console, "x", 10);
        reporter.Dispose();
        reporter.Dispose();
    }
}
