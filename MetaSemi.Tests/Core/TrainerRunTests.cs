using System.Text.Json;
using MetaSemi.Algorithms;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>What a run leaves behind, cancellation, and failure on a non-finite loss.</summary>
public sealed class TrainerRunTests
{
    [Fact]
    public async Task A_run_writes_checkpoint_model_best_metrics_tensorboard_and_options_and_reports_each_step()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 10, unlabeled: 100, test: 40, batchSize: 8);
        var reports = new List<TrainingProgress>();
        TrainingResult result;
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(2), train, test, seed: 3)
            .WithMixup(0.5).WithEvaluation(4).WithCheckpoints(folder).Build())
        {
            result = await trainer.FitAsync(6, new CallbackProgress(reports.Add));
        }

        Assert.Equal(6, result.Steps);
        Assert.False(result.Cancelled);
        Assert.Equal([1L, 2, 3, 4, 5, 6], reports.Select(r => r.Step));
        Assert.Equal([4L, 6], reports.Where(r => r.Evaluation is not null).Select(r => r.Evaluation!.Step));
        Assert.Equal(reports.Where(r => r.Evaluation is not null).Max(r => r.Evaluation!.Top1), result.BestAccuracy);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && double.IsFinite(r.UnlabelLoss) && double.IsFinite(r.InterpLoss)));
        Assert.All(reports, r => Assert.InRange(r.UnlabelAccuracy, 0, 1));
        Assert.Equal(0.0, reports[0].LearningRate);  // warm-up starts at 0
        Assert.Equal(Path.Combine(folder, "checkpoint"), result.CheckpointPath);
        Assert.True(File.Exists(Path.Combine(folder, "model_best")));
        Assert.False(File.Exists(Path.Combine(folder, "checkpoint.tmp")));

        var csv = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
        Assert.Equal(7, csv.Length);
        Assert.Contains("train/label-acc", csv[0], StringComparison.Ordinal);
        Assert.Contains("test/accuracy", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("4,", csv[4], StringComparison.Ordinal);

        // TensorBoard's format is TFRecord: length (8 bytes), its CRC (4), payload, payload CRC (4).
        byte[] events = File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*")));
        int records = 0;
        for (long offset = 0; offset < events.Length; records++)
        {
            offset += 8 + 4 + BitConverter.ToInt64(events, (int)offset) + 4;
            Assert.True(offset <= events.Length, "a TensorBoard record runs past the end of the file");
        }

        Assert.True(records > 6 * 6, $"expected a version record and six training scalars per step; found {records} records");
        foreach (string tag in new[] { "train/label-acc", "train/unlabel-acc", "train/label-loss", "train/unlabel-loss", "train/interp-loss", "train/lr", "test/accuracy" })
        {
            Assert.True(events.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(tag)) >= 0, $"no '{tag}' scalar in the TensorBoard file");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "options.json")));
        Assert.Equal(0.5, json.RootElement.GetProperty("AlgorithmOptions").GetProperty("Mixup").GetProperty("Alpha").GetDouble());
        Assert.Equal("FiniteDifference", json.RootElement.GetProperty("Method").GetString());

        // SmallRun passes a schedule object: the options' own schedule section (defaults that did not run) is null,
        // and LearningRateSchedule is the schedule that ran.
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("Options").GetProperty("Schedule").ValueKind);
        Assert.Equal(0.05, json.RootElement.GetProperty("Options").GetProperty("Optimizer").GetProperty("LearningRate").GetDouble());
        Assert.StartsWith("WarmupMultiStepSchedule { WarmupSteps = 3,", json.RootElement.GetProperty("LearningRateSchedule").GetString(), StringComparison.Ordinal);

        var info = Checkpoint.LoadModel(Path.Combine(folder, "checkpoint"), TrainerTestKit.Mlp(77));
        Assert.Equal(6, info.Step);
        Assert.Equal(6, info.StreamPosition);
    }

    [Fact]
    public async Task Cancellation_stops_between_steps_saves_a_checkpoint_and_says_so()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 10, unlabeled: 100, test: 40, batchSize: 8);
        using var cancellation = new CancellationTokenSource();
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(2), train, test, seed: 3).WithEvaluation(100).WithCheckpoints(folder).Build();

        var result = await trainer.FitAsync(50, new CallbackProgress(p =>
        {
            if (p.Step == 3)
            {
                cancellation.Cancel();
            }
        }), cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(3, result.Steps);
        Assert.Equal(3, Checkpoint.LoadModel(result.CheckpointPath!, TrainerTestKit.Mlp(5)).Step);
    }

    [Fact]
    public async Task A_non_finite_consistency_loss_throws_naming_step_and_loss_without_updating_the_model()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var labeled = tensor(new float[,] { { 0, 1 }, { 1, 0 } });
        var labels = tensor(new long[] { 0, 1 });
        var unlabeled = tensor(new float[,] { { float.NaN, 0 }, { 0, 0 } });
        var train = new InMemoryPairedSource(labeled, labels, unlabeled, null, 2, 2, seed: 1);
        var model = TrainerTestKit.Mlp(4);
        var before = model.named_parameters().Select(p => (p.name, p.parameter.detach().clone())).ToArray();
        using var trainer = TrainerTestKit.SmallRun(model, train, null, seed: 3).WithoutMixup()
            .WithMetaGradient(o => o.Method = MetaGradientMethod.None).WithCheckpoints(folder).Build();

        var error = await Assert.ThrowsAsync<NonFiniteLossException>(() => trainer.FitAsync(5));

        Assert.Equal(1, error.Step);
        Assert.Equal("train/unlabel-loss", error.LossName);
        Assert.Contains("step 1", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "checkpoint")));
        foreach (var ((name, a), (_, b)) in before.Zip(model.named_parameters()))
        {
            Assert.True(TensorAssert.Identical(a, b), $"{name} changed although the step failed");
        }
    }
}
