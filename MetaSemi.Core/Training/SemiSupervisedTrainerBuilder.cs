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
/// Fluent configuration of a <see cref="SemiSupervisedTrainer"/>. Each <c>With…</c> call sets an option and each
/// <c>Use…</c> call chooses the algorithm (the last one wins; MetaSemi when none is chosen) and edits its options;
/// option values are not checked until <see cref="Build"/>, which validates everything at once. MetaSemi's
/// <c>With…</c> methods (<see cref="WithMetaGradient"/>, <see cref="WithMixup"/>, …) are sugar over
/// <c>UseMetaSemi</c>: they edit the same <see cref="MetaSemiAlgorithmOptions"/> (docs/library.md, "One
/// configuration path").
/// </summary>
public sealed class SemiSupervisedTrainerBuilder
{
    private readonly SemiSupervisedTrainerOptions _options;
    private readonly List<ITrainingHook> _hooks = [];
    private AlgorithmRegistry _registry = AlgorithmRegistry.Default;
    private (AlgorithmRegistration Registration, IAlgorithmOptions Options)? _chosen;
    private ISemiSupervisedAlgorithm? _customAlgorithm;
    private torch.nn.Module<torch.Tensor, torch.Tensor>? _model;
    private IPairedBatchSource? _train;
    private IBatchSource? _test;
    private ILearningRateSchedule? _schedule;
    private IOptimizerFactory _optimizerFactory = SgdOptimizerFactory.Instance;
    private ILoggerFactory? _loggerFactory;
    private ICommunicator? _communicator;
    private bool _syncBatchNorm = true;
    private Files.ModelDescription? _modelDescription;
    private bool _describeModelFile;

    private static readonly JsonSerializerOptions CopyOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal SemiSupervisedTrainerBuilder(MetaSemiOptions options)
        : this((SemiSupervisedTrainerOptions)options)
    {
    }

    internal SemiSupervisedTrainerBuilder(SemiSupervisedTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A private copy: the built trainer must not change when the caller's object does.
        _options = Copy(options);
        if (options is MetaSemiOptions metaSemi)
        {
            // The binding adapter: MetaSemiOptions' algorithm part is the options UseMetaSemi (or UseSupervised) edits.
            UseAlgorithm(metaSemi.AlgorithmName, metaSemi.ToAlgorithmOptions());
        }
    }

    // The general settings only (the declared type's properties), whatever the runtime type.
    private static SemiSupervisedTrainerOptions Copy(SemiSupervisedTrainerOptions options) =>
        JsonSerializer.Deserialize<SemiSupervisedTrainerOptions>(JsonSerializer.Serialize(options, CopyOptions), CopyOptions)!;

    /// <summary>
    /// Chooses the algorithm registered as <paramref name="name"/> and configures its options (the same options
    /// object when the algorithm was chosen before); usually called through an extension method such as
    /// <c>UseMetaSemi</c>. Validated and copied at <see cref="Build"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No algorithm of that name is registered.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TOptions"/> is not the algorithm's options type.</exception>
    public SemiSupervisedTrainerBuilder UseAlgorithm<TOptions>(string name, Action<TOptions>? configure = null)
        where TOptions : class, IAlgorithmOptions
    {
        var registration = _registry.Get(name);
        if (registration.OptionsType != typeof(TOptions))
        {
            throw new ArgumentException($"Algorithm '{registration.Name}' takes {registration.OptionsType.Name}, not {typeof(TOptions).Name}.", nameof(configure));
        }

        var options = _chosen is { } chosen && chosen.Registration == registration ? chosen.Options : registration.CreateOptions();
        configure?.Invoke((TOptions)options);
        _chosen = (registration, options);
        _customAlgorithm = null;
        return this;
    }

    /// <summary>
    /// Chooses the algorithm registered as <paramref name="name"/> with <paramref name="options"/> (of its options
    /// type; null for its defaults), for callers that hold the options untyped (configuration binding, the CLI).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No algorithm of that name is registered.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not of the algorithm's options type.</exception>
    public SemiSupervisedTrainerBuilder UseAlgorithm(string name, IAlgorithmOptions? options)
    {
        var registration = _registry.Get(name);
        if (options is not null && options.GetType() != registration.OptionsType)
        {
            throw new ArgumentException($"Algorithm '{registration.Name}' takes {registration.OptionsType.Name}, not {options.GetType().Name}.", nameof(options));
        }

        _chosen = (registration, options ?? registration.CreateOptions());
        _customAlgorithm = null;
        return this;
    }

    /// <summary>
    /// Chooses the algorithm from configuration: the key <c>Name</c> (a registry name) and the section
    /// <c>Options</c> bound onto its options class, for example <c>{"Name": "supervised", "Options": {"Mixup": {"Enabled": true}}}</c>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No <c>Name</c>, or no algorithm of that name.</exception>
    /// <exception cref="InvalidOperationException">An option key does not exist or a value does not convert.</exception>
    public SemiSupervisedTrainerBuilder UseAlgorithm(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string name = configuration["Name"] ?? throw new KeyNotFoundException(
            $"Algorithm:Name is missing; expected one of: {string.Join(", ", _registry.Algorithms.Select(r => r.Name))}.");
        var registration = _registry.Get(name);
        return UseAlgorithm(registration.Name, registration.Bind(configuration.GetSection("Options")));
    }

    /// <summary>Trains with <paramref name="algorithm"/>, an implementation of the caller's own (not copied; its options are its own).</summary>
    public SemiSupervisedTrainerBuilder UseAlgorithm(ISemiSupervisedAlgorithm algorithm)
    {
        _customAlgorithm = algorithm ?? throw new ArgumentNullException(nameof(algorithm));
        _chosen = null;
        return this;
    }

    /// <summary>The registry that <see cref="UseAlgorithm{TOptions}"/> looks names up in (default <see cref="AlgorithmRegistry.Default"/>).</summary>
    public SemiSupervisedTrainerBuilder WithAlgorithmRegistry(AlgorithmRegistry registry)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        return this;
    }

    /// <summary>Adds a hook run around the loop after the built-in ones (<see cref="ITrainingHook"/>).</summary>
    public SemiSupervisedTrainerBuilder WithHook(ITrainingHook hook)
    {
        _hooks.Add(hook ?? throw new ArgumentNullException(nameof(hook)));
        return this;
    }

    /// <summary>Nesterov momentum for SGD (the field's methods of docs/design.md §7 use it; MetaSemi's reference does not).</summary>
    public SemiSupervisedTrainerBuilder WithNesterov(bool nesterov = true)
    {
        _options.Optimizer.Nesterov = nesterov;
        return this;
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

    /// <summary>
    /// The supervised baseline: the unlabelled half of each pair is ignored (no meta step, no consistency term). Sugar for
    /// <c>UseSupervised(o =&gt; o.Mixup = …)</c> with MetaSemi's mixup settings so far (on, α = 1, unless changed).
    /// </summary>
    /// <exception cref="InvalidOperationException">An algorithm other than MetaSemi or the supervised baseline is chosen.</exception>
    public SemiSupervisedTrainerBuilder WithoutUnlabeledData()
    {
        if (IsChosen(SupervisedAlgorithm.AlgorithmName))
        {
            return this;
        }

        var mixup = MetaSemiOptionsSoFar(nameof(WithoutUnlabeledData)).Mixup ?? new();
        return this.UseSupervised(o => o.Mixup = new MixupOptions { Enabled = mixup.Enabled, Alpha = mixup.Alpha });
    }

    /// <summary>
    /// MetaSemi's meta step, for example <c>o =&gt; o.Method = MetaGradientMethod.Exact</c>: sugar for
    /// <c>UseMetaSemi(o =&gt; configure(o.MetaGradient))</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another algorithm is chosen (set its own options in its <c>Use…</c> call).</exception>
    public SemiSupervisedTrainerBuilder WithMetaGradient(Action<MetaGradientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return EditMetaSemi(nameof(WithMetaGradient), o => configure(o.MetaGradient ??= new()));
    }

    /// <summary>
    /// Mixup with per-sample λ ~ Beta(α, α): sugar for <c>UseMetaSemi(o =&gt; o.Mixup = { Enabled, Alpha })</c>, or
    /// the same edit of the supervised baseline's options once it is chosen (<see cref="WithoutUnlabeledData"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">An algorithm other than MetaSemi or the supervised baseline is chosen.</exception>
    public SemiSupervisedTrainerBuilder WithMixup(double alpha) => EditMixup(nameof(WithMixup), m => (m.Enabled, m.Alpha) = (true, alpha));

    /// <summary>No mixup: the supervised term is the cross-entropy of the labelled batch (sugar, as <see cref="WithMixup"/>).</summary>
    /// <exception cref="InvalidOperationException">An algorithm other than MetaSemi or the supervised baseline is chosen.</exception>
    public SemiSupervisedTrainerBuilder WithoutMixup() => EditMixup(nameof(WithoutMixup), m => m.Enabled = false);

    /// <summary>MetaSemi's consistency loss: sugar for <c>UseMetaSemi(o =&gt; o.Consistency.Loss = kind)</c>.</summary>
    /// <exception cref="InvalidOperationException">Another algorithm is chosen.</exception>
    public SemiSupervisedTrainerBuilder WithConsistencyLoss(ConsistencyLossKind kind) =>
        EditMetaSemi(nameof(WithConsistencyLoss), o => (o.Consistency ??= new()).Loss = kind);

    /// <summary>
    /// MetaSemi's consistency weight w, ramped linearly from 0 over <paramref name="rampSteps"/>: sugar for
    /// <c>UseMetaSemi(o =&gt; (o.Consistency.Weight, o.Consistency.RampSteps) = (weight, rampSteps))</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another algorithm is chosen.</exception>
    public SemiSupervisedTrainerBuilder WithConsistencyWeight(double weight, long rampSteps = 4000) =>
        EditMetaSemi(nameof(WithConsistencyWeight), o =>
        {
            var consistency = o.Consistency ??= new();
            (consistency.Weight, consistency.RampSteps) = (weight, rampSteps);
        });

    /// <summary>SGD settings (not Nesterov, on all parameters).</summary>
    public SemiSupervisedTrainerBuilder WithOptimizer(double lr = 0.1, double momentum = 0.9, double weightDecay = 1e-4)
    {
        _options.Optimizer.LearningRate = lr;
        _options.Optimizer.Momentum = momentum;
        _options.Optimizer.WeightDecay = weightDecay;
        return this;
    }

    /// <summary>
    /// Another optimizer than SGD (<see cref="SgdOptimizerFactory"/>, the default): the factory is called once, when the
    /// trainer is built, with the model's trained parameter groups and <see cref="SemiSupervisedTrainerOptions.Optimizer"/>;
    /// the schedule still sets every group's learning rate each step.
    /// </summary>
    public SemiSupervisedTrainerBuilder WithOptimizer(IOptimizerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _optimizerFactory = factory;
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

    /// <summary>
    /// The arithmetic of the forward passes (docs/precision.md): <see cref="Precision.BFloat16"/> runs them under
    /// libtorch's CPU autocast with float32 weights, gradients and optimizer state; <see cref="Build"/> refuses it,
    /// naming the reason, where it cannot run (not Linux, no bf16 in the CPU, a CUDA device, data-parallel ranks).
    /// </summary>
    public SemiSupervisedTrainerBuilder WithPrecision(Precision precision)
    {
        _options.Precision = precision;
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

    /// <summary>
    /// The run's identity (docs/reliability.md, "Run identity"): written into <c>options.json</c> and every checkpoint;
    /// a resume from a checkpoint of another run then fails at the first fit. Without it a fresh run draws one and a
    /// resumed run keeps its checkpoint's.
    /// </summary>
    public SemiSupervisedTrainerBuilder WithRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        _options.RunId = runId;
        return this;
    }

    /// <summary>
    /// Writes the run folder's self-describing model file (<see cref="Files.ModelFile.FileName"/>, docs/design.md §8) whenever
    /// <c>model_best</c> is written: the weights that were evaluated (the EMA teacher's for an algorithm that
    /// evaluates on it), with <paramref name="description"/> and its <see cref="Files.TrainingSummary"/>'s steps and
    /// test accuracy set to the best evaluation's (its algorithm to the trainer's when not given). Without a test
    /// source, the latest weights are written at each checkpoint, with no accuracy. Needs
    /// <see cref="WithCheckpoints"/>; only rank 0 writes it.
    /// </summary>
    /// <param name="description">The architecture, class names and preprocessing of the model (the training summary's data set and labels are kept).</param>
    public SemiSupervisedTrainerBuilder WithModelFile(Files.ModelDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        _modelDescription = description;
        _describeModelFile = false;
        return this;
    }

    /// <summary>
    /// As <see cref="WithModelFile(Files.ModelDescription)"/>, with the description taken at <see cref="Build"/> from what
    /// the trainer is given: the architecture from the model (<see cref="Files.IDescribesArchitecture"/>: every network
    /// of the model zoo), the class names and preprocessing from the test source (<see cref="Files.IDescribesImages"/>:
    /// the test sources MetaSemi.Data builds from <c>DatasetLoader</c> data or image folders).
    /// </summary>
    public SemiSupervisedTrainerBuilder WithModelFile()
    {
        _describeModelFile = true;
        _modelDescription = null;
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

    private bool IsChosen(string algorithm) => _chosen is { } chosen && chosen.Registration.Name == algorithm;

    // The sugar's one rule: it edits the options of MetaSemi (chosen now if nothing is), never another algorithm's.
    private MetaSemiAlgorithmOptions MetaSemiOptionsSoFar(string method)
    {
        if (_chosen is null && _customAlgorithm is null)
        {
            this.UseMetaSemi();
        }

        if (_chosen is { Options: MetaSemiAlgorithmOptions options } && IsChosen(MetaSemiAlgorithm.AlgorithmName))
        {
            return options;
        }

        string chosenName = _chosen?.Registration.Name ?? _customAlgorithm!.Name;
        throw new InvalidOperationException(
            $"{method} configures MetaSemi, but the builder trains '{chosenName}'; set that algorithm's own options in its Use… call "
            + "(for example UseFixMatch(o => o.Threshold = 0.9)), or call UseMetaSemi before the With… sugar.");
    }

    private SemiSupervisedTrainerBuilder EditMetaSemi(string method, Action<MetaSemiAlgorithmOptions> edit)
    {
        edit(MetaSemiOptionsSoFar(method));
        return this;
    }

    private SemiSupervisedTrainerBuilder EditMixup(string method, Action<MixupOptions> edit)
    {
        if (_chosen is { Options: SupervisedOptions supervised } && IsChosen(SupervisedAlgorithm.AlgorithmName))
        {
            edit(supervised.Mixup ??= new());
            return this;
        }

        return EditMetaSemi(method, o => edit(o.Mixup ??= new()));
    }

    /// <summary>
    /// Validates every option, copies the options (later changes to this builder or to the objects it was
    /// given have no effect on the trainer) and builds the trainer; moves the model to the device.
    /// </summary>
    /// <exception cref="OptionsValidationException">One or more settings are invalid or do not apply to the algorithm; each failure names its field.</exception>
    public SemiSupervisedTrainer Build()
    {
        var general = Copy(_options);
        var failures = SemiSupervisedTrainerOptionsValidator.Failures(general).ToList();
        ISemiSupervisedAlgorithm? algorithm = _customAlgorithm;
        object? algorithmOptions = null;
        if (_customAlgorithm is null)
        {
            // MetaSemi with its defaults when no algorithm was chosen.
            var (registration, chosenOptions) = _chosen ?? (MetaSemiAlgorithm.Registration, MetaSemiAlgorithm.Registration.CreateOptions());
            var copy = registration.Copy(chosenOptions);
            var algorithmFailures = copy.Validate().ToList();
            failures.AddRange(algorithmFailures);
            if (algorithmFailures.Count == 0)
            {
                algorithm = registration.Create(copy);
                algorithmOptions = copy;
            }
        }

        if (general.Precision == Precision.BFloat16 && _communicator is { Size: > 1 })
        {
            failures.Add("Precision: BFloat16 is not supported with data-parallel ranks in this build (untested); use Precision.Float32.");
        }

        if (_modelDescription is not null && general.RunFolder is null)
        {
            failures.Add("ModelFile: WithModelFile writes the model file into the run folder; set one with WithCheckpoints.");
        }

        if (_model is null)
        {
            failures.Add("Model must be set (WithModel).");
        }
        else if (general.Precision == Precision.BFloat16 && NarrowConvolutions.Find(_model) is { Count: > 0 } narrow)
        {
            failures.Add($"Precision: BFloat16 computes wrong convolutions where a 3×3 or larger kernel has a channel count that is not a multiple of {NarrowConvolutions.ChannelBlock} (libtorch 2.10's oneDNN kernels; docs/reliability.md, \"Narrow convolutions\"), and the model has {narrow.Count}: {NarrowConvolutions.Describe(narrow)}. Give them a multiple of {NarrowConvolutions.ChannelBlock} channels, or use Precision.Float32.");
        }

        if (_train is null)
        {
            failures.Add("Data must be set (WithData).");
        }
        else
        {
            failures.AddRange(DataFailures(_train, algorithm?.Requirements));
        }

        if (_schedule is not null)
        {
            failures.AddRange(_schedule.Validate());
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SemiSupervisedTrainerOptions), failures);
        }

        return new SemiSupervisedTrainer(new TrainerSetup(
            _model!,
            _train!,
            _test,
            general,
            algorithm!,
            algorithmOptions,
            _schedule ?? OptionComponents.Schedule(general.Schedule),
            _loggerFactory,
            _communicator,
            _syncBatchNorm,
            [.. _hooks])
        {
            ModelDescription = _describeModelFile ? DescribeModelFile() : _modelDescription,
            ScheduleFromOptions = _schedule is null,
            OptimizerFactory = _optimizerFactory,
        });
    }

    private IEnumerable<string> DataFailures(IPairedBatchSource train, AlgorithmRequirements? requirements)
    {
        if (train.BatchSize <= 0)
        {
            yield return $"Data.BatchSize must be positive; got {train.BatchSize}.";
        }

        if (train.NumClasses < 2)
        {
            yield return $"Data.NumClasses must be at least 2; got {train.NumClasses}.";
        }

        if (train is PairedBatchSource streams)
        {
            foreach (var mismatch in streams.Mismatches())
            {
                yield return mismatch;
            }
        }

        if (_test is not null && _test.NumClasses != train.NumClasses)
        {
            yield return $"Data: the test set has {_test.NumClasses} classes but the training data has {train.NumClasses}.";
        }

        int rank = _communicator?.Rank ?? 0, size = _communicator?.Size ?? 1;
        if (train.ShardIndex != rank || train.ShardCount != size)
        {
            yield return $"Data: the training stream is shard {train.ShardIndex} of {train.ShardCount} but this process is rank {rank} of {size} (WithDistributed); create it with PairedStreamOptions {{ Rank = {rank}, WorldSize = {size} }}.";
        }

        if (requirements is null || !requirements.UsesUnlabeledData)
        {
            yield break;
        }

        var missing = requirements.UnlabeledViews.Where(v => !train.UnlabeledViews.Contains(v)).ToList();
        if (missing.Count > 0)
        {
            yield return $"Data.UnlabeledViews: the algorithm reads the unlabelled views {string.Join(", ", requirements.UnlabeledViews)} but the stream yields {string.Join(", ", train.UnlabeledViews)}; create the stream with the missing {string.Join(", ", missing)}: {StreamHint(requirements)}.";
        }

        if (train.BatchSize > 0 && train.UnlabeledBatchSize != requirements.UnlabeledRatio * train.BatchSize)
        {
            yield return $"Data.UnlabeledRatio: the algorithm needs unlabelled batches of {requirements.UnlabeledRatio} × {train.BatchSize} = {requirements.UnlabeledRatio * train.BatchSize} examples (μ {requirements.UnlabeledRatio}); the stream yields {train.UnlabeledBatchSize}: {StreamHint(requirements)}.";
        }

        if (requirements.UsesExampleIndices && !train.ProvidesUnlabeledIndices)
        {
            yield return "Data.Indices: the algorithm keeps per-example state and needs the unlabelled examples' indices; create the stream with indices.";
        }
    }

    // The code that builds a stream the algorithm can train on (MetaSemi.Data's names: Core does not reference them).
    private static string StreamHint(AlgorithmRequirements requirements) =>
        $"SemiSupervisedData.Create(train, test, split, batchSize, augmentation, seed, new PairedStreamOptions {{ UnlabeledRatio = {requirements.UnlabeledRatio}, UnlabeledViews = [{string.Join(", ", requirements.UnlabeledViews.Select(v => $"\"{v}\""))}] }})"
        + " (or new PairedStreamOptions().Require(requirements) with the algorithm's requirements)";

    // WithModelFile(): the description from the model and the test source, or an error that says what to give instead.
    private Files.ModelDescription DescribeModelFile()
    {
        var architecture = _model as Files.IDescribesArchitecture
            ?? throw new InvalidOperationException(
                $"WithModelFile() takes the architecture from the model, but {_model!.GetType().Name} does not describe itself (IDescribesArchitecture: the model zoo's networks do). "
                + "Call WithModelFile(new ModelDescription { Architecture = …, ClassNames = …, Preprocessing = … }) instead.");
        var images = _test as Files.IDescribesImages;
        if (images?.ClassNames is not { } classNames || images.Preprocessing is not { } preprocessing)
        {
            throw new InvalidOperationException(
                $"WithModelFile() takes the class names and preprocessing from the test source, but {(_test is null ? "there is none (WithData(train, test))" : $"{_test.GetType().Name} cannot give them")} "
                + "(IDescribesImages: MetaSemi.Data's test sources over DatasetLoader data with a normalising augmentation, and image folders, do). "
                + "Call WithModelFile(new ModelDescription { … }) instead.");
        }

        return new Files.ModelDescription
        {
            Architecture = architecture.Architecture,
            ArchitectureArguments = architecture.ArchitectureArguments,
            ClassNames = classNames,
            Preprocessing = preprocessing,
        };
    }
}
