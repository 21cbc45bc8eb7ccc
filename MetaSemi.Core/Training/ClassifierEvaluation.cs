using MetaSemi.Algorithms;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi;

/// <summary>Top-1 / top-5 accuracy of any image classifier on a test source (docs/design.md §2.5).</summary>
public static class ClassifierEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="model"/> in evaluation mode (each module's mode restored afterwards)
    /// without gradients, one dispose scope per batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">The test source is empty or its labels are missing.</exception>
    public static EvaluationResult Evaluate(
        torch.nn.Module<torch.Tensor, torch.Tensor> model, IBatchSource test, int batchSize, torch.Device device, long step = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var (top1Correct, top5Correct, count) = Count(model, test.GetBatches(batchSize), test.NumClasses > 5, device);
        return Result(top1Correct, top5Correct, count, test.NumClasses > 5, step);
    }

    /// <summary>
    /// Correct top-1 and top-5 predictions and examples over <paramref name="batches"/> (possibly none:
    /// a rank's empty shard); the counts of shards add up to those of the whole set.
    /// </summary>
    internal static (long Top1, long Top5, long Count) Count(
        torch.nn.Module<torch.Tensor, torch.Tensor> model, IEnumerable<Batch> batches, bool topFive, torch.Device device)
    {
        var dtype = ModelDType(model);
        using var modes = ModelModes.Evaluate(model);
        using var noGrad = torch.no_grad();
        using var correct1 = torch.zeros(1, torch.int64, device);
        using var correct5 = torch.zeros(1, torch.int64, device);
        long count = 0;
        foreach (var batch in batches)
        {
            using var owned = batch;
            using var scope = torch.NewDisposeScope();
            if (batch.Labels is null)
            {
                throw new InvalidOperationException("The test source returned a batch without labels; evaluation needs labels.");
            }

            var labels = batch.Labels.to(device);
            var logits = model.forward(batch.Images.to(dtype, device));
            correct1.add_(logits.argmax(1).eq(labels).sum());
            if (topFive)
            {
                var top = logits.topk(5, 1).indexes;
                correct5.add_(top.eq(labels.unsqueeze(1)).any(1).sum());
            }

            count += batch.Count;
        }

        return (correct1.item<long>(), correct5.item<long>(), count);
    }

    /// <summary>The accuracies from counts (summed over shards when evaluation is sharded).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="count"/> is 0.</exception>
    internal static EvaluationResult Result(long top1Correct, long top5Correct, long count, bool topFive, long step)
    {
        if (count == 0)
        {
            throw new InvalidOperationException("The test source is empty; evaluation needs at least one example.");
        }

        double top1 = top1Correct / (double)count;
        double? top5 = topFive ? top5Correct / (double)count : null;
        return new EvaluationResult(step, top1, top5, checked((int)count));
    }

    /// <summary>The floating-point type of the model's parameters (float32 when it has none).</summary>
    internal static torch.ScalarType ModelDType(torch.nn.Module model) =>
        model.parameters().FirstOrDefault()?.dtype ?? torch.ScalarType.Float32;
}
