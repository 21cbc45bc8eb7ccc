using System.Text.Json;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// Fluent configuration of a <see cref="SemiSupervisedTrainer"/>. Each <c>With…</c> call sets an
/// option (or replaces an algorithm object); nothing is checked until <see cref="Build"/>, which
/// validates everything at once.
/// </summary>
public sealed class SemiSupervisedTrainerBuilder
{
    private readonly MetaSemiOptions _options;
    private torch.nn.Module<torch.Tensor, torch.Tensor>? _model;
    private IPairedBatchSource? _train;
    private IBatchSource? _test;
    private IMetaOptimizer? _metaOptimizer;
    private IConsistencyLoss? _consistencyLoss;
    private ILearningRateSchedule? _schedule;
    private IConsistencyWeightSchedule? _weightSchedule;
    private ILoggerFactory? _loggerFactory;

    private static readonly JsonSerializerOptions CopyOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal SemiSupervisedTrainerBuilder(MetaSemiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A private copy: the built trainer must not change when the caller's object does.
        _options = JsonSerializer.Deserialize<MetaSemiOptions>(JsonSerializer.Serialize(options, CopyOptions), CopyOptions)!;
    }

    /// <summary>The network: any module mapping a batch of images to logits (B×C).</summary>
    public SemiSupervisedTrainerBuilder WithModel(torch.nn.Module<torch.Tensor, torch.Tensor> model)
    {
        _model = model;
        return this;
    }

    /// <summary>Training pairs (labelled + unlabelled stream) and, optionally, the test set for evaluation.</summary>
    public SemiSupervisedTrainerBuilder WithData(IPairedBatchSource train, IBatchSource? test = null)
    {
        _train = train;
        _test = test;
        return this;
    }

    /// <summary>
    /// Training data as two streams — labelled batches and unlabelled batches, paired batch by batch
    /// (<see cref="PairedBatchSource"/>) — and, optionally, the test set for evaluation. The streams stay
    /// owned by the caller; <see cref="Build"/> checks that they pair up (same batch size, classes and position).
    /// </summary>
    public SemiSupervisedTrainerBuilder WithData(IBatchStream labeled, IBatchStream unlabeled, IBatchSource? test = null)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        return WithData(new PairedBatchSource(labeled, unlabeled), test);
    }

    /// <summary>The supervised baseline: the unlabelled half of each pair is ignored (no meta step, no consistency term).</summary>
    public SemiSupervisedTrainerBuilder WithoutUnlabeledData()
    {
        _options.UseUnlabeledData = false;
        return this;
    }

    /// <summary>Configures the built-in meta step, for example <c>o =&gt; o.Method = MetaGradientMethod.Exact</c>.</summary>
    public SemiSupervisedTrainerBuilder WithMetaGradient(Action<MetaGradientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options.MetaGradient);
        _metaOptimizer = null;
        return this;
    }

    /// <summary>Replaces the meta step by any implementation.</summary>
    public SemiSupervisedTrainerBuilder WithMetaGradient(IMetaOptimizer metaOptimizer)
    {
        _metaOptimizer = metaOptimizer;
        return this;
    }

    /// <summary>Mixup with per-sample λ ~ Beta(α, α).</summary>
    public SemiSupervisedTrainerBuilder WithMixup(double alpha)
    {
        _options.Mixup.Enabled = true;
        _options.Mixup.Alpha = alpha;
        return this;
    }

    /// <summary>No mixup: the supervised term is the cross-entropy of the labelled batch.</summary>
    public SemiSupervisedTrainerBuilder WithoutMixup()
    {
        _options.Mixup.Enabled = false;
        return this;
    }

    /// <summary>A built-in consistency loss.</summary>
    public SemiSupervisedTrainerBuilder WithConsistencyLoss(ConsistencyLossKind kind)
    {
        _options.Consistency.Loss = kind;
        _consistencyLoss = null;
        return this;
    }

    /// <summary>Any consistency loss.</summary>
    public SemiSupervisedTrainerBuilder WithConsistencyLoss(IConsistencyLoss loss)
    {
        _consistencyLoss = loss;
        return this;
    }

    /// <summary>Consistency weight w, ramped linearly from 0 over <paramref name="rampSteps"/>.</summary>
    public SemiSupervisedTrainerBuilder WithConsistencyWeight(double weight, long rampSteps = 4000)
    {
        _options.Consistency.Weight = weight;
        _options.Consistency.RampSteps = rampSteps;
        _weightSchedule = null;
        return this;
    }

    /// <summary>Any consistency-weight schedule.</summary>
    public SemiSupervisedTrainerBuilder WithConsistencyWeight(IConsistencyWeightSchedule schedule)
    {
        _weightSchedule = schedule;
        return this;
    }

    /// <summary>SGD settings (not Nesterov, on all parameters).</summary>
    public SemiSupervisedTrainerBuilder WithOptimizer(double lr = 0.1, double momentum = 0.9, double weightDecay = 1e-4)
    {
        _options.Optimizer.LearningRate = lr;
        _options.Optimizer.Momentum = momentum;
        _options.Optimizer.WeightDecay = weightDecay;
        return this;
    }

    /// <summary>Any learning-rate schedule, for example <c>Schedules.WarmupMultiStep(4000, [300_000, 350_000], 0.1)</c>.</summary>
    public SemiSupervisedTrainerBuilder WithSchedule(ILearningRateSchedule schedule)
    {
        _schedule = schedule;
        return this;
    }

    /// <summary>Device name: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public SemiSupervisedTrainerBuilder WithDevice(string device)
    {
        _options.Device = device;
        return this;
    }

    /// <summary>The seed of the trainer's random sources.</summary>
    public SemiSupervisedTrainerBuilder WithSeed(int seed)
    {
        _options.Seed = seed;
        return this;
    }

    /// <summary>Where log messages go; without it the trainer logs nothing.</summary>
    public SemiSupervisedTrainerBuilder WithLogging(ILoggerFactory loggerFactory, int everySteps = 100)
    {
        _loggerFactory = loggerFactory;
        _options.LogEverySteps = everySteps;
        return this;
    }

    /// <summary>
    /// Run folder for <c>checkpoint</c>, <c>model_best</c>, <c>metrics.csv</c>, TensorBoard events and
    /// <c>options.json</c>; with <paramref name="resumeFrom"/>, continue from that checkpoint file.
    /// </summary>
    public SemiSupervisedTrainerBuilder WithCheckpoints(string folder, string? resumeFrom = null)
    {
        _options.RunFolder = folder;
        _options.ResumeFrom = resumeFrom;
        return this;
    }

    /// <summary>Evaluate on the test source every <paramref name="everySteps"/> steps and at the end.</summary>
    public SemiSupervisedTrainerBuilder WithEvaluation(int everySteps, int batchSize = 100)
    {
        _options.Evaluation.EverySteps = everySteps;
        _options.Evaluation.BatchSize = batchSize;
        return this;
    }

    /// <summary>Validates every option and builds the trainer; moves the model to the device.</summary>
    /// <exception cref="OptionsValidationException">One or more settings are invalid; each failure names its field.</exception>
    public SemiSupervisedTrainer Build()
    {
        var failures = MetaSemiOptionsValidator.Failures(_options).ToList();
        if (_model is null)
        {
            failures.Add("Model must be set (WithModel).");
        }

        if (_train is null)
        {
            failures.Add("Data must be set (WithData).");
        }
        else
        {
            if (_train.BatchSize <= 0)
            {
                failures.Add($"Data.BatchSize must be positive; got {_train.BatchSize}.");
            }

            if (_train.NumClasses < 2)
            {
                failures.Add($"Data.NumClasses must be at least 2; got {_train.NumClasses}.");
            }

            if (_train is PairedBatchSource streams)
            {
                failures.AddRange(streams.Mismatches());
            }

            if (_test is not null && _test.NumClasses != _train.NumClasses)
            {
                failures.Add($"Data: the test set has {_test.NumClasses} classes but the training data has {_train.NumClasses}.");
            }
        }

        if (_schedule is not null)
        {
            failures.AddRange(_schedule.Validate());
        }

        if (_weightSchedule is not null)
        {
            failures.AddRange(_weightSchedule.Validate());
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MetaSemiOptions), failures);
        }

        return new SemiSupervisedTrainer(
            _model!,
            _train!,
            _test,
            _options,
            _metaOptimizer ?? OptionComponents.MetaOptimizer(_options.MetaGradient),
            _consistencyLoss ?? OptionComponents.ConsistencyLoss(_options.Consistency.Loss),
            _schedule ?? OptionComponents.Schedule(_options.Schedule),
            _weightSchedule ?? OptionComponents.WeightSchedule(_options.Consistency),
            _loggerFactory);
    }
}
