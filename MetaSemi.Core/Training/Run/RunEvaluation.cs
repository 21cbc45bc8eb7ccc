using MetaSemi.Algorithms;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The trainer's evaluation (docs/design.md, "The training loop and its plug-ins"): top-1 (and top-5) accuracy on the
/// test source with the weights the algorithm evaluates (the EMA teacher's, swapped in, when it asks), each rank on its
/// shard in data-parallel training with the counts summed, and the best accuracy so far with its step.
/// </summary>
internal sealed class RunEvaluation(
    torch.nn.Module<torch.Tensor, torch.Tensor> model,
    IBatchSource? test,
    int batchSize,
    torch.Device device,
    DataParallelSync? dataParallel)
{
    /// <summary>Whether there is a test source to evaluate on.</summary>
    public bool HasTest => test is not null;

    /// <summary>The best top-1 accuracy so far, NaN before the first evaluation.</summary>
    public double BestAccuracy { get; private set; } = double.NaN;

    /// <summary>The step of <see cref="BestAccuracy"/> (0 before the first evaluation).</summary>
    public long BestStep { get; private set; }

    /// <summary>The latest evaluation, or null.</summary>
    public EvaluationResult? Last { get; private set; }

    /// <summary>Whether the latest evaluation, at <paramref name="step"/>, is the best so far (the first one is).</summary>
    public bool IsBestAt(long step) => BestStep == step && Last?.Step == step;

    /// <summary>Continues a resumed run's best (read from its checkpoint).</summary>
    public void Restore(double bestAccuracy, long bestStep)
    {
        BestAccuracy = bestAccuracy;
        BestStep = bestStep;
    }

    /// <summary>Evaluates the model after <paramref name="step"/> steps, on <paramref name="teacher"/>'s weights when given.</summary>
    public EvaluationResult Evaluate(long step, EmaTeacher? teacher)
    {
        using var ema = teacher?.SwapIn();
        var result = dataParallel is null
            ? ClassifierEvaluation.Evaluate(model, Test, batchSize, device, step)
            : Sharded(dataParallel, step);
        if (double.IsNaN(BestAccuracy) || result.Top1 > BestAccuracy)
        {
            BestAccuracy = result.Top1;
            BestStep = step;
        }

        Last = result;
        return result;
    }

    private IBatchSource Test => test ?? throw new InvalidOperationException("The trainer has no test source to evaluate on.");

    /// <summary>Each rank evaluates its shard of the test set; the counts are summed, so the accuracies are those of the whole set.</summary>
    private EvaluationResult Sharded(DataParallelSync sync, long step)
    {
        bool topFive = Test.NumClasses > 5;
        var (top1, top5, count) = ClassifierEvaluation.Count(model, Test.GetBatches(batchSize, sync.Rank, sync.Size), topFive, device);
        var sums = sync.SumCounts(top1, top5, count);
        return ClassifierEvaluation.Result(sums[0], sums[1], sums[2], topFive, step);
    }
}
