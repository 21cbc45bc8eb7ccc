using MetaSemi.Cli.Commands;
using MetaSemi.Tests.Core;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// TensorBoard after a resume (issue 17, defect 6): an attempt killed after writing steps 4–6 but before its
/// step-6 checkpoint, then resumed from step 3, leaves TensorBoard — read as its event accumulator reads the
/// folder — with each step once, holding the resumed attempt's values, which are metrics.csv's.
/// </summary>
public sealed class TensorBoardResumeTests(ThreeStepRunFixture threeSteps) : IClassFixture<ThreeStepRunFixture>
{
    [Fact]
    public void Steps_written_again_after_a_resume_replace_the_killed_attempts_in_the_TensorBoard_view()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var checkpoint = Path.Combine(run, "checkpoint");
        var atStep3 = folder.File("checkpoint-at-step-3");
        File.Copy(checkpoint, atStep3);
        string[] resume = [.. ResumeExactnessTests.Arguments("train", "finite-difference", run, 6), "--resume", checkpoint];
        var first = CliHarness.Run(CommandHandlers.Default, resume);
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        File.Copy(atStep3, checkpoint, overwrite: true); // the step-6 checkpoint of that attempt never reached the disk

        var second = CliHarness.Run(CommandHandlers.Default, resume);

        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        var view = TensorBoardView.Read(run);
        var metrics = MetricsCsvReader.Read(Path.Combine(run, MetricsCsvWriter.FileName));
        Assert.Equal([1L, 2, 3, 4, 5, 6], metrics.Steps);
        foreach (var tag in new[] { "train/label-loss", "train/unlabel-loss", "train/lr", "test/accuracy" })
        {
            var (steps, values) = metrics.Series(tag);
            Assert.True(view.TryGetValue(tag, out var scalars), $"no {tag} in the TensorBoard view");
            Assert.Equal(steps.Select(s => (long)s), scalars.Select(s => s.Step));
            Assert.Equal(values.Select(v => (float)v), scalars.Select(s => s.Value));
        }
    }
}
