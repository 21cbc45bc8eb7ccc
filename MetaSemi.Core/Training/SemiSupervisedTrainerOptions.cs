namespace MetaSemi;

/// <summary>
/// The trainer's general settings, whatever the algorithm (docs/design.md, "Options"): the
/// optimizer, the learning-rate schedule, evaluation, device, seed, run folder and logging. Each algorithm has
/// its own options class besides (<c>UseMetaSemi(o =&gt; …)</c>, <c>UseSupervised(…)</c>, …). Bindable from
/// configuration; validated and copied at <see cref="SemiSupervisedTrainerBuilder.Build"/>.
/// </summary>
public class SemiSupervisedTrainerOptions
{
    /// <summary>SGD settings.</summary>
    public SgdOptions Optimizer { get; set; } = new();

    /// <summary>Learning-rate schedule.</summary>
    public LearningRateScheduleOptions Schedule { get; set; } = new();

    /// <summary>Test-set evaluation.</summary>
    public EvaluationOptions Evaluation { get; set; } = new();

    /// <summary>Device name: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>The arithmetic of the forward passes (docs/precision.md); float32 by default.</summary>
    public Precision Precision { get; set; } = Precision.Float32;

    /// <summary>
    /// The seed of every random source the trainer owns (mixup, and dropout through torch's
    /// process-wide generator, so two trainers in one process should not train at once). Default
    /// 1234, the reference's.
    /// </summary>
    public int Seed { get; set; } = 1234;

    /// <summary>Run folder for <c>checkpoint</c>, <c>model_best</c>, metrics and the options; null writes nothing.</summary>
    public string? RunFolder { get; set; }

    /// <summary>A checkpoint file to resume from; null starts a fresh run.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>
    /// The run's identity (docs/reliability.md, "Run identity"), written into <c>options.json</c> and every checkpoint.
    /// Null: a fresh run draws a new one, a resumed run keeps its checkpoint's. Set, a resume from a checkpoint of
    /// another run is refused.
    /// </summary>
    public string? RunId { get; set; }

    /// <summary>Steps between the per-step log lines.</summary>
    public int LogEverySteps { get; set; } = 100;
}
