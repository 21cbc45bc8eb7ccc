using MetaSemi.Algorithms;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi;

/// <summary>The measured values of one step, copied off the device in one transfer.</summary>
internal readonly record struct StepValues(
    double Loss, double LabelLoss, double UnlabelLoss, double InterpLoss, double LabelAccuracy, double UnlabelAccuracy);

/// <summary>
/// One training step of SPEC §2 (MetaSemi) or of the supervised baseline. It owns no loop,
/// no schedule and no I/O: the trainer gives it the batch, lr_t and w_t. In data-parallel training
/// the gradients are averaged over the ranks between <c>backward()</c> and the optimizer step, and
/// the returned values are the ranks' means; the meta step before it uses this rank's own labelled
/// gradient, as the reference's DDP code does.
/// </summary>
internal sealed class TrainingStep(
    torch.nn.Module<torch.Tensor, torch.Tensor> model,
    TorchSharp.Modules.SGD optimizer,
    IMetaOptimizer metaOptimizer,
    IConsistencyLoss consistencyLoss,
    double? mixupAlpha,
    bool useUnlabeledData,
    int numClasses,
    torch.Device device,
    torch.Generator generator,
    DataParallelSync? dataParallel = null)
{
    private readonly torch.ScalarType _dtype = ClassifierEvaluation.ModelDType(model);

    public string Method => useUnlabeledData ? metaOptimizer.Name : "Supervised";

    /// <summary>Runs the step; the caller provides the dispose scope.</summary>
    /// <exception cref="NonFiniteLossException">A loss is NaN or infinite; the optimizer did not step.</exception>
    public StepValues Run(PairedBatch pair, long stepNumber, double learningRate, double weight)
    {
        var labeledImages = pair.Labeled.Images.to(_dtype, device);
        var labels = pair.Labeled.Labels!.to(device);
        torch.Tensor labeledLogits, supervisedLoss, loss;
        var nan = torch.tensor(double.NaN, _dtype, device);
        torch.Tensor unlabelLoss = nan, interpLoss = nan, unlabelAccuracy = nan;

        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        if (useUnlabeledData)
        {
            var unlabeledImages = pair.Unlabeled.Images.to(_dtype, device);
            var meta = metaOptimizer.Compute(model, labeledImages, labels, unlabeledImages, learningRate, consistencyLoss);
            labeledLogits = meta.LabeledLogits;
            model.train();
            if (mixupAlpha is double alpha)
            {
                var lambda = Mixup.SampleCoefficients(labeledImages.shape[0], alpha, generator);
                var mixedImages = Mixup.Mix(labeledImages, unlabeledImages, lambda);
                var mixedTargets = Mixup.Mix(OneHot(labels), meta.PseudoLabels, lambda);
                interpLoss = KullbackLeiblerConsistencyLoss.Instance.Compute(model.forward(mixedImages), mixedTargets);
                supervisedLoss = interpLoss;
            }
            else
            {
                supervisedLoss = torch.nn.functional.cross_entropy(model.forward(labeledImages), labels);
            }

            var unlabeledLogits = model.forward(unlabeledImages);
            CheckClasses(unlabeledLogits);
            unlabelLoss = consistencyLoss.Compute(unlabeledLogits, meta.PseudoLabels);
            loss = supervisedLoss + weight * unlabelLoss;
            if (pair.Unlabeled.Labels is { } hidden)
            {
                unlabelAccuracy = Accuracy(unlabeledLogits, hidden.to(device));
            }
        }
        else
        {
            using (ModelModes.Evaluate(model))
            using (torch.no_grad())
            {
                labeledLogits = model.forward(labeledImages);
            }

            model.train();
            if (mixupAlpha is double alpha)
            {
                // The baseline mixes the labelled batch with a permutation of itself (one stream
                // draw per step, so resumption and batch accounting match the MetaSemi run).
                var permutation = torch.randperm(labeledImages.shape[0], generator: generator).to(device);
                var lambda = Mixup.SampleCoefficients(labeledImages.shape[0], alpha, generator);
                var targets = OneHot(labels);
                var mixedImages = Mixup.Mix(labeledImages, labeledImages.index_select(0, permutation), lambda);
                var mixedTargets = Mixup.Mix(targets, targets.index_select(0, permutation), lambda);
                interpLoss = KullbackLeiblerConsistencyLoss.Instance.Compute(model.forward(mixedImages), mixedTargets);
                supervisedLoss = interpLoss;
            }
            else
            {
                supervisedLoss = torch.nn.functional.cross_entropy(model.forward(labeledImages), labels);
            }

            loss = supervisedLoss;
        }

        CheckClasses(labeledLogits);
        var labelLoss = torch.nn.functional.cross_entropy(labeledLogits, labels);
        optimizer.zero_grad();
        loss.backward();
        dataParallel?.AverageGradients();

        var values = torch.stack([loss, labelLoss, unlabelLoss, interpLoss, Accuracy(labeledLogits, labels), unlabelAccuracy])
            .to(torch.float64).cpu().data<double>().ToArray();

        // Checked after the average, so a non-finite loss on any rank stops every rank at the same step.
        values = dataParallel?.AverageValues(values) ?? values;
        var result = new StepValues(values[0], values[1], values[2], values[3], values[4], values[5]);
        CheckFinite(stepNumber, "train/interp-loss", result.InterpLoss, allowNaN: mixupAlpha is null);
        CheckFinite(stepNumber, "train/unlabel-loss", result.UnlabelLoss, allowNaN: !useUnlabeledData);
        CheckFinite(stepNumber, "train/loss", result.Loss);
        optimizer.step();
        return result;
    }

    private torch.Tensor OneHot(torch.Tensor labels) => torch.nn.functional.one_hot(labels, numClasses).to(_dtype);

    private torch.Tensor Accuracy(torch.Tensor logits, torch.Tensor labels) =>
        logits.argmax(1).eq(labels).to(_dtype).mean();

    private void CheckClasses(torch.Tensor logits)
    {
        if (logits.dim() != 2 || logits.shape[1] != numClasses)
        {
            throw new InvalidOperationException(
                $"The model returned logits of shape [{string.Join(", ", logits.shape)}]; expected [batch, {numClasses}] for the {numClasses} classes of the training data.");
        }
    }

    private static void CheckFinite(long step, string name, double value, bool allowNaN = false)
    {
        if (!double.IsFinite(value) && !(allowNaN && double.IsNaN(value)))
        {
            throw new NonFiniteLossException(step, name, value);
        }
    }
}
