using System.Text.Json;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Distributed;
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
    private ICommunicator? _communicator;
    private bool _syncBatchNorm = true;

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

    /// <summary>
    /// Data-parallel training: this process is rank <see cref="ICommunicator.Rank"/> of
    /// <see cref="ICommunicator.Size"/>, each running the same program with the same options. At
    /// <see cref="Build"/>, with <paramref name="syncBatchNorm"/>, every BatchNorm2d of the model is
    /// replaced by a <see cref="SyncBatchNorm2d"/> (batch statistics over all ranks' batches); when
    /// training starts (fresh or resumed), rank 0's parameters and buffers are broadcast to all. Each
    /// step, the gradients are averaged over the ranks (one flat all-reduce, after <c>backward()</c>,
    /// before the optimizer step; the meta step uses this rank's own labelled gradient, as the
    /// reference's DDP code does), and the logged losses and accuracies are the ranks' means.
    /// Evaluation is sharded across the ranks and its counts summed, so the accuracies are those of
    /// the whole test set. Only rank 0 writes the run folder (<c>options.json</c>, <c>metrics.csv</c>,
    /// TensorBoard events, <c>checkpoint</c>, <c>model_best</c>); log messages come from every rank.
    /// </summary>
    /// <remarks>
    /// Randomness per rank: mixup coefficients come from a generator seeded with seed + rank, torch's
    /// global generator (dropout) with seed + rank; the training data must be sharded for this rank
    /// (<see cref="IPairedBatchSource.ShardIndex"/> = rank and <see cref="IPairedBatchSource.ShardCount"/>
    /// = size, e.g. <c>PairedStreamOptions { Rank, WorldSize }</c>), which <see cref="Build"/> checks.
    /// Every rank makes the same collective calls in the same order; an exception on one rank (other
    /// than a non-finite loss, which all ranks see at the same step) leaves the others waiting, so
    /// a program should end its process (or call <see cref="MpiCommunicator.Abort"/>) on failure.
    /// With <paramref name="communicator"/> of size 1 the trainer is the single-process trainer.
    /// A resumed run reads the checkpoint file on every rank (it must be visible to all), and may use
    /// another number of ranks than the run that wrote it (docs/distributed.md).
    /// </remarks>
    /// <param name="communicator">The group of ranks (owned by the caller, who disposes it after training).</param>
    /// <param name="syncBatchNorm">Whether to convert BatchNorm2d layers to SyncBatchNorm2d (default true).</param>
    public SemiSupervisedTrainerBuilder WithDistributed(ICommunicator communicator, bool syncBatchNorm = true)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        _communicator = communicator;
        _syncBatchNorm = syncBatchNorm;
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

            int rank = _communicator?.Rank ?? 0, size = _communicator?.Size ?? 1;
            if (_train.ShardIndex != rank || _train.ShardCount != size)
            {
                failures.Add($"Data: the training stream is shard {_train.ShardIndex} of {_train.ShardCount} but this process is rank {rank} of {size} (WithDistributed); create it with PairedStreamOptions {{ Rank = {rank}, WorldSize = {size} }}.");
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
            _loggerFactory,
            _communicator,
            _syncBatchNorm);
    }
}
