using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Files;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// What the trainer writes into its run folder at each evaluation step (docs/design.md, "Files on disk"): the
/// checkpoint, <c>model_best</c> (a copy of the checkpoint of the best evaluation) and, with
/// <see cref="SemiSupervisedTrainerBuilder.WithModelFile(ModelDescription)"/>, the model file. Only the writing rank
/// (rank 0) writes; without a run folder nothing is written.
/// </summary>
internal sealed class RunCheckpoints(
    torch.nn.Module<torch.Tensor, torch.Tensor> model,
    torch.optim.Optimizer optimizer,
    torch.Generator generator,
    ISemiSupervisedAlgorithm algorithm,
    Precision precision,
    string? runFolder,
    bool writes,
    ModelDescription? modelDescription,
    ILogger logger)
{
    /// <summary>The file in the run folder holding the best evaluation's checkpoint.</summary>
    public const string ModelBestFileName = "model_best";

    /// <summary>The step whose checkpoint <c>model_best</c> holds (0: none).</summary>
    public long ModelBestStep { get; private set; }

    /// <summary>The checkpoint's path, or null without a run folder.</summary>
    public string? CheckpointPath => runFolder is null ? null : Path.Combine(runFolder, "checkpoint");

    /// <summary>The model file's path when this run writes one and it exists, else null.</summary>
    public string? WrittenModelFile =>
        modelDescription is not null && runFolder is not null && Path.Combine(runFolder, ModelFile.FileName) is var path && File.Exists(path) ? path : null;

    /// <summary>
    /// Writes the checkpoint of the state after <paramref name="step"/> steps, then <c>model_best</c> when the step's
    /// evaluation is the best so far, then the model file (at the best step, or at every checkpoint without a test
    /// source). Returns the checkpoint's path (also on the ranks that do not write it), or null without a run folder.
    /// </summary>
    public string? Save(long step, RunEvaluation evaluation, EmaTeacher? teacher, bool evaluateWithEma, int seed, long streamPosition, string? runId)
    {
        if (CheckpointPath is not { } path)
        {
            return null;
        }

        if (!writes)
        {
            return path; // rank 0 writes it
        }

        bool best = evaluation.IsBestAt(step);
        var info = new CheckpointInfo(step, evaluation.BestAccuracy, evaluation.BestStep, seed, streamPosition, best ? step : ModelBestStep, algorithm.Name, runId, precision);
        var ema = teacher?.GetState();
        var algorithmState = algorithm.GetState();
        try
        {
            Checkpoint.Save(path, info, model, optimizer, generator, ema, algorithmState);
        }
        finally
        {
            foreach (var tensor in (ema?.Values ?? []).Concat(algorithmState.Values))
            {
                tensor.Dispose();
            }
        }

        if (best)
        {
            Checkpoint.Copy(path, Path.Combine(runFolder!, ModelBestFileName));
            ModelBestStep = step;
        }

        if (best || !evaluation.HasTest)
        {
            WriteModelFile(best, step, evaluation, evaluateWithEma ? teacher : null, runId);
        }

        TrainerLog.CheckpointWritten(logger, path, step);
        return path;
    }

    /// <summary>
    /// Continues the run from the checkpoint at <paramref name="path"/>: the model, optimizer (moved to
    /// <paramref name="device"/>) and generators, the best evaluation, the stream's position and <c>model_best</c>
    /// (<see cref="Reconcile"/>). In data-parallel training each rank then draws afresh from (seed, rank, step). The
    /// EMA and algorithm tensors are the caller's to load; it disposes the result.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this model, or of another algorithm or precision.</exception>
    public CheckpointState Resume(string path, torch.Device device, RunEvaluation evaluation, IPairedBatchSource train, DataParallelSync? sync, int seed)
    {
        var resumed = RunResume.Restore(path, model, optimizer, generator, algorithm, precision);
        var info = resumed.Info;
        ((TorchSharp.Modules.OptimizerHelper)optimizer).to(device);
        evaluation.Restore(info.BestAccuracy, info.BestStep);
        train.Seek(info.StreamPosition);
        if (sync is not null)
        {
            // The checkpoint holds rank 0's generators only; each rank draws afresh from (seed, rank, step).
            generator.manual_seed(RunResume.Seed(seed, sync.Rank, info.Step, 1));
            torch.manual_seed(RunResume.Seed(seed, sync.Rank, info.Step, 2));
        }

        TrainerLog.Resumed(logger, path, info.Step, info.BestAccuracy, info.StreamPosition);
        Reconcile(path, info);
        return resumed;
    }

    /// <summary>
    /// On resume, makes <c>model_best</c> the model of the step the checkpoint says it holds. A kill between the
    /// checkpoint's rename and model_best's copy leaves model_best older than (or without) the checkpoint's best, which
    /// is then the checkpoint itself: copied again. Any other difference (a deleted or damaged file) cannot be rebuilt
    /// from the checkpoint: the log says so, and the next checkpoints record what model_best really holds.
    /// </summary>
    private void Reconcile(string resumedFrom, CheckpointInfo info)
    {
        ModelBestStep = info.ModelBestStep;
        if (!writes || runFolder is null || info.ModelBestStep == 0)
        {
            return;
        }

        string modelBest = Path.Combine(runFolder, ModelBestFileName);
        long? holds = null;
        string found = "is missing";
        if (File.Exists(modelBest))
        {
            try
            {
                holds = Checkpoint.ReadInfo(modelBest).Step;
                found = $"holds step {holds}";
            }
            catch (InvalidDataException e)
            {
                found = $"is damaged ({e.Message})";
            }
        }

        if (holds == info.ModelBestStep)
        {
            return;
        }

        if (info.ModelBestStep == info.Step)
        {
            Checkpoint.Copy(resumedFrom, modelBest);
            TrainerLog.ModelBestRebuilt(logger, modelBest, found, info.Step);
            return;
        }

        ModelBestStep = holds ?? 0;
        TrainerLog.ModelBestStale(logger, modelBest, found, info.ModelBestStep, info.Step);
    }

    /// <summary>
    /// The model file of the weights that were evaluated (<paramref name="teacher"/>'s when given), at the best step;
    /// without a test source, the latest weights at each checkpoint.
    /// </summary>
    private void WriteModelFile(bool best, long step, RunEvaluation evaluation, EmaTeacher? teacher, string? runId)
    {
        if (modelDescription is null || runFolder is null)
        {
            return;
        }

        var training = modelDescription.Training ?? new TrainingSummary();
        var stamped = modelDescription with
        {
            Training = training with
            {
                Algorithm = training.Algorithm ?? algorithm.Name,
                Steps = best ? evaluation.BestStep : step,
                TestAccuracy = best ? evaluation.BestAccuracy : null,
                RunId = runId,
            },
        };
        using var ema = teacher?.SwapIn();
        ModelFile.Save(Path.Combine(runFolder, ModelFile.FileName), model, stamped);
    }
}
