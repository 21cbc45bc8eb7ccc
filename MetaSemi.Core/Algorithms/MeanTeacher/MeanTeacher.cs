using MetaSemi.Data;
using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Mean Teacher (Tarvainen &amp; Valpola, "Mean teachers are better role models: Weight-averaged consistency targets
/// improve semi-supervised deep learning results", NeurIPS 2017, arXiv 1703.01780): the student's prediction on one
/// weak view should match the EMA teacher's on another (<see cref="MeanTeacherLoss"/>), weighted by λ_u times a
/// linear ramp (<see cref="UnsupervisedWarmup"/>). The teacher is the trainer's EMA (<see cref="IEmaTeacher"/>); the
/// unlabelled forwards do not move BatchNorm's running statistics, as USB.
/// </summary>
// Step cost, μ 1, views weak + weak2: EMA-teacher forward 1 (no grad, weights swapped in and out) + labelled 3 +
// student 3 = 7.
[StepBenchmarkCase("MeanTeacher", 7)]
[BuiltInAlgorithm(60)]
public sealed class MeanTeacher : ISemiSupervisedAlgorithm
{
    /// <summary>The registry name.</summary>
    public const string AlgorithmName = "meanteacher";

    /// <summary>Its entry in <see cref="AlgorithmRegistry.Default"/>: name, display name, what it is, options and factory.</summary>
    public static AlgorithmRegistration Registration { get; } = AlgorithmRegistration.Create<MeanTeacherOptions>(
        AlgorithmName, "Mean Teacher", "Mean Teacher: the student agrees with the EMA teacher (Tarvainen & Valpola, NeurIPS 2017)", o => new MeanTeacher(o));

    private readonly double _weight;
    private readonly double _warmup;
    private int _numClasses;

    /// <summary>Creates the algorithm from a copy of <paramref name="options"/>' values.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public MeanTeacher(MeanTeacherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _weight = options.UnlabeledLossWeight;
        _warmup = options.WarmupFraction;
        Requirements = options.Requirements([ViewNames.Weak, ViewNames.Weak2], stepUsesTeacher: true);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public AlgorithmRequirements Requirements { get; }

    /// <inheritdoc />
    public void Initialize(AlgorithmSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _numClasses = setup.NumClasses;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The context has no EMA teacher.</exception>
    public AlgorithmStepResult Step(AlgorithmStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var teacher = context.Teacher
            ?? throw new InvalidOperationException("Mean Teacher needs the trainer's EMA teacher (Requirements.EmaDecay); the step context has none.");
        var unlabeled = context.Batch.Unlabeled;

        // The teacher first: a teacher that swaps its weights into the model writes the parameters in place, which
        // would invalidate the graph of a student forward taken before it.
        var teacherLogits = teacher.Forward(unlabeled.View(ViewNames.Weak2));
        return SemiSupervisedStep.Separate(context, _numClasses, () =>
        {
            var student = SemiSupervisedStep.ForwardUnlabeled(context.Model, unlabeled.Images)[0];
            var unlabeledLoss = MeanTeacherLoss.Compute(student, teacherLogits);
            return new UnlabeledPart(unlabeledLoss, _weight * UnsupervisedWarmup.Factor(context.Step, context.TotalSteps, _warmup), student);
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, torch.Tensor> GetState() => new Dictionary<string, torch.Tensor>();

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, torch.Tensor> state) => ArgumentNullException.ThrowIfNull(state);
}
