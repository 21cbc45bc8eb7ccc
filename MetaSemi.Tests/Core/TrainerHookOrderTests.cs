namespace MetaSemi.Tests.Core;

/// <summary>The order in which hooks hear about steps, evaluations and checkpoints (<see cref="ITrainingHook"/>).</summary>
public sealed class TrainerHookOrderTests
{
    [Fact]
    public async Task Hooks_hear_the_evaluation_then_the_step_then_the_checkpoint_with_model_best_on_disk()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 10, unlabeled: 100, test: 40, batchSize: 8);
        var hook = new RecordingHook(folder);
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(2), train, test, seed: 3)
            .WithEvaluation(2).WithCheckpoints(folder).WithHook(hook).Build())
        {
            await trainer.FitAsync(4);
        }

        var evaluations = hook.Evaluations;
        Assert.Equal([2L, 4], evaluations.Select(e => e.Step));
        bool fourIsBest = evaluations[1].Top1 > evaluations[0].Top1;
        long bestAtFour = fourIsBest ? 4 : 2;
        Assert.Equal(
            [
                "started 0/4", "step 1",
                "evaluating 2", "evaluated 2", "step 2 evaluated", "checkpoint 2 best (model_best holds 2)",
                "step 3",
                "evaluating 4", "evaluated 4", "step 4 evaluated", $"checkpoint 4{(fourIsBest ? " best" : "")} (model_best holds {bestAtFour})",
                "ended 4",
            ],
            hook.Events);
    }

    [Fact]
    public async Task Without_a_test_source_hooks_hear_checkpoints_but_no_evaluation()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, _) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 10, unlabeled: 100, test: 40, batchSize: 8);
        var hook = new RecordingHook(folder);
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(2), train, null, seed: 3)
            .WithEvaluation(2).WithCheckpoints(folder).WithHook(hook).Build())
        {
            await trainer.FitAsync(3);
        }

        Assert.Equal(["started 0/3", "step 1", "step 2", "checkpoint 2 (model_best holds none)", "step 3", "checkpoint 3 (model_best holds none)", "ended 3"], hook.Events);
    }

    private sealed class RecordingHook(string folder) : ITrainingHook
    {
        public List<string> Events { get; } = [];

        public List<EvaluationResult> Evaluations { get; } = [];

        public void OnTrainingStarted(TrainingStartInfo info) => Events.Add($"started {info.Step}/{info.TotalSteps}");

        public void OnEvaluationStarting(long step) => Events.Add($"evaluating {step}");

        public void OnEvaluationCompleted(EvaluationResult evaluation)
        {
            Evaluations.Add(evaluation);
            Events.Add($"evaluated {evaluation.Step}");
        }

        public void OnStepCompleted(TrainingProgress progress) => Events.Add($"step {progress.Step}{(progress.Evaluation is null ? "" : " evaluated")}");

        public void OnCheckpointWritten(CheckpointWrittenInfo checkpoint)
        {
            // The files are on disk when the hook hears of them: the checkpoint of this step, and model_best's step.
            Assert.Equal(checkpoint.Step, Checkpoint.ReadInfo(checkpoint.Path).Step);
            string modelBest = Path.Combine(folder, "model_best");
            string holds = File.Exists(modelBest) ? Checkpoint.ReadInfo(modelBest).Step.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
            Events.Add($"checkpoint {checkpoint.Step}{(checkpoint.IsBest ? " best" : "")} (model_best holds {holds})");
        }

        public void OnTrainingEnded(TrainingResult result) => Events.Add($"ended {result.Steps}");
    }
}
