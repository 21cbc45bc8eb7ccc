using System.Text.RegularExpressions;
using MetaSemi.Algorithms;

namespace MetaSemi.Tests.Core;

/// <summary>The library's console progress reporter: plain lines when redirected, one redrawn line on a terminal.</summary>
public sealed class ConsoleTrainingProgressTests
{
    private static TrainingProgress Report(long step, EvaluationResult? evaluation = null) => new(
        step,
        4,
        new Dictionary<string, double>
        {
            [MetricNames.LearningRate] = 0.1,
            [MetricNames.LabelLoss] = 1.0 / step,
            [MetricNames.UnlabelLoss] = 0.25,
            [MetricNames.LabelAccuracy] = 0.5,
        },
        0,
        0,
        evaluation)
    { BestAccuracy = evaluation is null ? double.NaN : 0.75, BestStep = evaluation is null ? 0 : step };

    [Fact]
    public void Redirected_output_gets_a_plain_line_every_n_steps_at_evaluations_and_at_the_end_with_every_metric()
    {
        var output = new StringWriter();
        var progress = new ConsoleTrainingProgress(output, live: false, plainEverySteps: 2);
        progress.Report(Report(1));
        progress.Report(Report(2));
        progress.Report(Report(3, new EvaluationResult(3, 0.75, null, 8)));
        progress.Report(Report(4));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("step 2/4 | lr 0.1 label-loss 0.5000 unlabel-loss 0.2500 label-acc 50.0 % | ETA ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("step 3/4 | lr 0.1 label-loss 0.3333 unlabel-loss 0.2500 label-acc 50.0 % | test 75.00% (best 75.00% at step 3) | ETA ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("step 4/4 | ", lines[2], StringComparison.Ordinal);
        Assert.Matches(new Regex(@"ETA \d\d:\d\d:\d\d$"), lines[2]);
    }

    [Fact]
    public void A_terminal_gets_one_redrawn_line_with_a_bar_and_the_losses_and_evaluations_stay_on_screen()
    {
        var output = new StringWriter();
        var progress = new ConsoleTrainingProgress(output, live: true) { RedrawInterval = TimeSpan.Zero };
        progress.Report(Report(1));
        progress.Report(Report(2, new EvaluationResult(2, 0.75, null, 8)));
        progress.Report(Report(3));

        string text = output.ToString();
        var draws = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, draws.Length);
        Assert.StartsWith("[#####...............] step 1/4 | label-loss 1.0000 | unlabel-loss 0.2500 | ETA --:--:--", draws[0], StringComparison.Ordinal);
        Assert.StartsWith("[##########..........] step 2/4 | label-loss 0.5000 | unlabel-loss 0.2500 | test 75.00% (best 75.00% at step 2) | ETA ", draws[1], StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, draws[1], StringComparison.Ordinal);
        Assert.StartsWith("[###############.....] step 3/4 | label-loss 0.3333", draws[2], StringComparison.Ordinal);
        Assert.DoesNotContain("lr", text, StringComparison.Ordinal);
    }
}
