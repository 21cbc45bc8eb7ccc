using MetaSemi.Algorithms;
using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The body of the training loop around one <see cref="ISemiSupervisedAlgorithm.Step"/>: the batch to the model's
/// device and dtype, the step's learning rate into the optimizer, the algorithm's forward passes, then
/// <c>zero_grad</c>, <c>backward</c>, the data-parallel gradient average, the metrics off the device in one
/// transfer (the ranks' means), the finite-loss check naming step and metric, the optimizer step, the EMA update
/// and the algorithm's <see cref="ISemiSupervisedAlgorithm.AfterStep"/>. No schedule and no I/O.
/// </summary>
internal sealed class TrainingStepRunner(
    torch.nn.Module<torch.Tensor, torch.Tensor> model,
    torch.optim.Optimizer optimizer,
    ISemiSupervisedAlgorithm algorithm,
    int numClasses,
    torch.Device device,
    torch.Generator generator,
    DataParallelSync? dataParallel = null)
{
    private readonly torch.ScalarType _dtype = ClassifierEvaluation.ModelDType(model);

    /// <summary>Each optimizer group's factor on the schedule's learning rate, in group order (<see cref="IParameterGroupSource"/>).</summary>
    public IReadOnlyList<double> LearningRateMultipliers { get; init; } = [1.0];

    /// <summary>The arithmetic of the algorithm's forward passes (docs/precision.md).</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>The EMA teacher the trainer keeps for the algorithm, or null (set once training starts).</summary>
    public EmaTeacher? Teacher { get; set; }

    /// <summary>Runs the step; the caller provides the dispose scope and owns <paramref name="pair"/>.</summary>
    /// <returns>The metrics by name, <see cref="MetricNames.LearningRate"/> first.</returns>
    /// <exception cref="NonFiniteLossException">A loss is NaN or infinite; the optimizer did not step.</exception>
    public IReadOnlyDictionary<string, double> Run(PairedBatch pair, long stepNumber, long totalSteps, double learningRate)
    {
        int index = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            double multiplier = LearningRateMultipliers[Math.Min(index++, LearningRateMultipliers.Count - 1)];
            group.LearningRate = multiplier == 1.0 ? learningRate : learningRate * multiplier;
        }

        var context = new AlgorithmStepContext
        {
            Model = model,
            Teacher = Teacher,
            Batch = OnDevice(pair),
            Step = stepNumber,
            TotalSteps = totalSteps,
            LearningRate = learningRate,
            Generator = generator,
            NumClasses = numClasses,
        };
        // Under bf16 the forward passes run in autocast; backward, outside it, follows each op's recorded dtype.
        AlgorithmStepResult result;
        using (Precision == Precision.BFloat16 ? AutocastScope.BFloat16() : null)
        {
            result = algorithm.Step(context);
        }

        optimizer.zero_grad();
        result.Loss.backward();
        dataParallel?.AverageGradients();

        string[] names = [MetricNames.Loss, .. result.Metrics.Keys.Where(k => k != MetricNames.Loss)];
        var tensors = names.Select((name, i) => (i == 0 ? result.Loss.detach() : result.Metrics[name]).to(torch.float64, device));
        var values = torch.stack([.. tensors]).cpu().data<double>().ToArray();

        // Checked after the average, so a non-finite loss on any rank stops every rank at the same step.
        values = dataParallel?.AverageValues(values) ?? values;
        for (int i = 1; i < names.Length; i++)
        {
            if (names[i].EndsWith("loss", StringComparison.Ordinal))
            {
                CheckFinite(stepNumber, names[i], values[i]);
            }
        }

        CheckFinite(stepNumber, MetricNames.Loss, values[0]);
        optimizer.step();
        Teacher?.Update();
        algorithm.AfterStep(context, result);

        var metrics = new Dictionary<string, double>(names.Length + 1, StringComparer.Ordinal) { [MetricNames.LearningRate] = learningRate };
        for (int i = 0; i < names.Length; i++)
        {
            metrics[names[i]] = values[i];
        }

        return metrics;
    }

    /// <summary>The pair on the model's device and dtype; the unlabelled batch only when the algorithm reads it.</summary>
    private PairedBatch OnDevice(PairedBatch pair)
    {
        var labeled = new Batch(pair.Labeled.Images.to(_dtype, device), pair.Labeled.Labels!.to(device));
        var source = pair.Unlabeled;
        var unlabeled = !algorithm.Requirements.UsesUnlabeledData
            ? source
            : new Batch(
                source.Images.to(_dtype, device),
                source.Labels?.to(device),
                source.Views.ToDictionary(v => v.Key, v => v.Value.to(_dtype, device)),
                source.Indices?.to(device));
        return new PairedBatch(labeled, unlabeled);
    }

    private static void CheckFinite(long step, string name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new NonFiniteLossException(step, name, value);
        }
    }
}
