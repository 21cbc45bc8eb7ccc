using System.Diagnostics;
using MetaSemi.Algorithms;
using MetaSemi.Data;
using MetaSemi.Distributed;
using MetaSemi.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// Trains any image classifier with any <see cref="ISemiSupervisedAlgorithm"/> (MetaSemi by default, docs/design.md §2):
/// the loop — draw a batch, the algorithm's step, backward, the data-parallel average, the finite check, the
/// optimizer step, the EMA update — with evaluation and checkpoints at the evaluation steps, and hooks
/// (<see cref="ITrainingHook"/>: metrics.csv, TensorBoard, log lines, progress, the user's own) after every
/// step. Create it with <see cref="Create()"/> and the builder's methods; it is configured once, at
/// <see cref="SemiSupervisedTrainerBuilder.Build"/>. With <see cref="SemiSupervisedTrainerBuilder.WithDistributed"/>
/// it is one replica of data-parallel training (see there and docs/distributed.md).
/// </summary>
public sealed class SemiSupervisedTrainer : IDisposable
{
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> _model;
    private readonly TrainerSetup _setup;
    private readonly SemiSupervisedTrainerOptions _options;
    private readonly ISemiSupervisedAlgorithm _algorithm;
    private readonly TorchSharp.Modules.SGD _optimizer;
    private readonly torch.Generator _generator;
    private readonly torch.Device _device;
    private readonly TrainingStepRunner _step;
    private readonly ILogger _logger;
    private readonly ICommunicator _communicator;
    private readonly DataParallelSync? _sync;
    private readonly int _convertedNorms;
    private readonly GlobalRandomState _globalRandom = new();
    private EmaTeacher? _teacher;
    private bool _started;
    private string? _runId;
    private long _completed;
    private double _bestAccuracy = double.NaN;
    private long _bestStep;
    private long _modelBestStep;
    private EvaluationResult? _lastEvaluation;
    private int _running;

    internal SemiSupervisedTrainer(TrainerSetup setup)
    {
        _setup = setup;
        _model = setup.Model;
        _options = setup.Options;
        _algorithm = setup.Algorithm;
        _communicator = setup.Communicator ?? SingleProcessCommunicator.Instance;
        if (_communicator.Size > 1 && setup.SyncBatchNorm)
        {
            // Before the optimizer is made: the converted layers are new modules with new parameters.
            _convertedNorms = SyncBatchNormConversion.ConvertBatchNorm2d(_model, _communicator).Count;
        }

        _logger = (setup.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SemiSupervisedTrainer>();
        _device = TorchDevices.Resolve(_options.Device);
        _model.to(_device);
        var sgd = _options.Optimizer;
        double[] multipliers = [1.0];
        if (_model is IParameterGroupSource source)
        {
            // A fine-tuned backbone: frozen parameters left out, each group at its share of the schedule's rate.
            var groups = source.ParameterGroups();
            multipliers = [.. groups.Select(g => g.LearningRateMultiplier)];
            _optimizer = torch.optim.SGD(
                groups.Select(g => new TorchSharp.Modules.SGD.ParamGroup(g.Parameters, new TorchSharp.Modules.SGD.Options { LearningRate = sgd.LearningRate * g.LearningRateMultiplier })),
                sgd.LearningRate, sgd.Momentum, 0, sgd.WeightDecay, sgd.Nesterov, false);
        }
        else
        {
            _optimizer = torch.optim.SGD(_model.parameters(), sgd.LearningRate, sgd.Momentum, 0, sgd.WeightDecay, sgd.Nesterov, false);
        }

        // Each rank draws its own mixup coefficients: seed + rank (rank 0 of 1 is the single-process run).
        _generator = new torch.Generator((ulong)_options.Seed + (ulong)_communicator.Rank);
        _sync = _communicator.Size > 1 ? new DataParallelSync(_model, _communicator) : null;
        if (_options.Precision == Precision.BFloat16 && _communicator.Size > 1)
        {
            throw new InvalidOperationException("Precision BFloat16 is not supported with data-parallel ranks in this build (untested); use Precision.Float32.");
        }

        _step = new TrainingStepRunner(_model, _optimizer, _algorithm, setup.Train.NumClasses, _device, _generator, _sync)
        {
            LearningRateMultipliers = multipliers,
            Precision = _options.Precision,
        };
    }

    /// <summary>Starts a builder with the reference's defaults (MetaSemi unless a <c>Use…</c> method chooses another algorithm).</summary>
    public static SemiSupervisedTrainerBuilder Create() => new(new MetaSemiOptions());

    /// <summary>Starts a builder from <paramref name="options"/> (copied; later changes to it have no effect).</summary>
    public static SemiSupervisedTrainerBuilder Create(MetaSemiOptions options) => new(options);

    /// <summary>Starts a builder from the general options (copied); choose the algorithm with a <c>Use…</c> method (default MetaSemi).</summary>
    public static SemiSupervisedTrainerBuilder Create(SemiSupervisedTrainerOptions options) => new(options);

    /// <summary>Starts a builder from bound options (for example <c>IOptions&lt;MetaSemiOptions&gt;</c> from DI).</summary>
    /// <exception cref="OptionsValidationException">The bound options are invalid (raised by the options pipeline).</exception>
    public static SemiSupervisedTrainerBuilder Create(IOptions<MetaSemiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.Value);
    }

    /// <summary>The model being trained (on the configured device).</summary>
    public torch.nn.Module<torch.Tensor, torch.Tensor> Model => _model;

    /// <summary>The algorithm this trainer runs.</summary>
    public ISemiSupervisedAlgorithm Algorithm => _algorithm;

    /// <summary>The EMA teacher, once training has started, when the algorithm asked for one; else null.</summary>
    public IEmaTeacher? Teacher => _teacher;

    /// <summary>Completed training steps.</summary>
    public long Step => _completed;

    /// <summary>Best top-1 test accuracy so far, NaN before the first evaluation.</summary>
    public double BestAccuracy => _bestAccuracy;

    /// <summary>
    /// Trains until <paramref name="steps"/> steps are complete in total (a resumed run continues from
    /// its checkpoint's step), evaluating every <see cref="EvaluationOptions.EverySteps"/> steps and at the
    /// end, and writing a checkpoint at each evaluation when a run folder is set. Runs on a dedicated
    /// thread. Cancellation stops between steps, writes a checkpoint and returns a result with
    /// <see cref="TrainingResult.Cancelled"/> set. In data-parallel training every rank must call this
    /// with the same <paramref name="steps"/>; a cancellation on any rank stops all ranks together after
    /// the next step, and every rank returns only once rank 0 has written its last checkpoint.
    /// </summary>
    /// <exception cref="NonFiniteLossException">A loss became NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">Another <c>FitAsync</c> on this trainer is running.</exception>
    public Task<TrainingResult> FitAsync(long steps, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("FitAsync is already running on this trainer.");
        }

        // TorchSharp's dispose scopes and autograd mode are per thread: the whole loop stays on one.
        return Task.Factory.StartNew(() =>
        {
            try
            {
                _globalRandom.Enter();
                return Fit(steps, progress, cancellationToken);
            }
            finally
            {
                _globalRandom.Leave();
                Volatile.Write(ref _running, 0);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private string? RunFolder => _options.RunFolder;

    /// <summary>Only rank 0 writes the run folder (options, metrics, TensorBoard, checkpoints).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(RunFolder))]
    private bool WritesRunFolder => RunFolder is not null && _communicator.Rank == 0;

    private string? CheckpointPath => RunFolder is null ? null : Path.Combine(RunFolder, "checkpoint");

    private TrainingResult Fit(long steps, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Start();
        TrainerLog.Starting(_logger, _algorithm.Name, _completed, steps, _device.ToString(), _options.Seed, _algorithm.Requirements.UsesUnlabeledData);
        if (_setup.ScheduleFromOptions && _options.Schedule.WarmupSteps >= steps && steps > _completed)
        {
            TrainerLog.WarmupLongerThanRun(_logger, _options.Schedule.WarmupSteps, steps);
        }
        if (_sync is not null)
        {
            // A new FitAsync starts without the stop of an earlier, cancelled one (the same on every rank).
            _sync.ClearStopRequests();
            TrainerLog.Distributed(_logger, _sync.Rank, _sync.Size, _setup.SyncBatchNorm, _convertedNorms);
        }

        var builtIn = BuiltInHooks(progress);
        try
        {
            var hooks = builtIn.Concat(_setup.Hooks).ToArray();
            var info = new TrainingStartInfo(_algorithm.Name, _completed, steps, _device.ToString(), _options.Seed, _communicator.Rank, _communicator.Size, RunFolder);
            foreach (var hook in hooks)
            {
                hook.OnTrainingStarted(info);
            }

            var result = Loop(steps, hooks, cancellationToken);
            foreach (var hook in hooks)
            {
                hook.OnTrainingEnded(result);
            }

            return result;
        }
        finally
        {
            foreach (var hook in builtIn.OfType<IDisposable>())
            {
                hook.Dispose();
            }
        }
    }

    private TrainingResult Loop(long steps, ITrainingHook[] hooks, CancellationToken cancellationToken)
    {
        string? lastCheckpoint = null;
        while (_completed < steps)
        {
            // Ranks stop together: each rank's request travels with a step's values, and all act on the sum.
            if (_sync is null ? cancellationToken.IsCancellationRequested : _sync.StopRequested)
            {
                TrainerLog.Cancelled(_logger, _completed);
                lastCheckpoint = SaveCheckpoint();
                _sync?.Barrier();
                return Result(cancelled: true, lastCheckpoint);
            }

            if (_sync is not null)
            {
                _sync.LocalStopRequested = cancellationToken.IsCancellationRequested;
            }

            var report = TrainOne(steps);
            if (_completed % _options.Evaluation.EverySteps == 0 || _completed == steps)
            {
                if (_setup.Test is not null)
                {
                    report = report with { Evaluation = Evaluate(), BestAccuracy = _bestAccuracy, BestStep = _bestStep };
                }

            }

            // The step's row is written before its checkpoint, so a crash between the two loses no row on resume.
            foreach (var hook in hooks)
            {
                hook.OnStepCompleted(report);
            }

            if (report.Evaluation is not null || _completed % _options.Evaluation.EverySteps == 0 || _completed == steps)
            {
                lastCheckpoint = SaveCheckpoint() ?? lastCheckpoint;
            }
        }

        _sync?.Barrier();
        return Result(cancelled: false, lastCheckpoint);
    }

    /// <summary>The trainer's own outputs as hooks: metrics.csv and TensorBoard (rank 0 with a run folder), the log lines, the progress callback.</summary>
    private List<ITrainingHook> BuiltInHooks(IProgress<TrainingProgress>? progress)
    {
        var hooks = new List<ITrainingHook>();
        if (WritesRunFolder)
        {
            hooks.Add(new MetricsCsvHook(RunFolder));
            hooks.Add(new TensorBoardHook(RunFolder, reason => TrainerLog.TensorBoardUnavailable(_logger, reason)));
        }

        hooks.Add(new LogHook(_logger, _options.LogEverySteps));
        if (progress is not null)
        {
            hooks.Add(new ProgressHook(progress));
        }

        return hooks;
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _runId = _options.ResumeFrom is { } resumeFrom ? ResumedRunId(resumeFrom) : _options.RunId ?? RunIdentity.NewId();
        if (WritesRunFolder && (_options.ResumeFrom is null || !File.Exists(Path.Combine(RunFolder, RunOptionsFile.FileName))))
        {
            // Written once, at the start of a run; a resume keeps what the run was started with.
            RunOptionsFile.Write(RunFolder, Description());
        }

        _algorithm.Initialize(new AlgorithmSetup(_setup.Train.NumClasses, _setup.Train.UnlabeledCount, _device, ClassifierEvaluation.ModelDType(_model)));
        CheckpointState? resumed = null;
        try
        {
            if (_options.ResumeFrom is { } path)
            {
                resumed = Checkpoint.RestoreState(path, _model, _optimizer, _generator);
                var info = resumed.Info;
                if (info.Algorithm is { } written && written != _algorithm.Name)
                {
                    throw new InvalidDataException($"'{path}' is a checkpoint of algorithm '{written}'; this trainer runs '{_algorithm.Name}'.");
                }

                _optimizer.to(_device);
                _completed = info.Step;
                _bestAccuracy = info.BestAccuracy;
                _bestStep = info.BestStep;
                _modelBestStep = info.ModelBestStep;
                _setup.Train.Seek(info.StreamPosition);
                if (_sync is not null)
                {
                    // The checkpoint holds rank 0's generators only; each rank draws afresh from (seed, rank, step).
                    _generator.manual_seed(ResumeSeed(_options.Seed, _sync.Rank, info.Step, 1));
                    torch.manual_seed(ResumeSeed(_options.Seed, _sync.Rank, info.Step, 2));
                }

                TrainerLog.Resumed(_logger, path, info.Step, info.BestAccuracy, info.StreamPosition);
                ReconcileModelBest(path, info);
            }
            else
            {
                // Dropout and other layers draw from torch's global generator: seed it with the run (and rank).
                torch.manual_seed(_options.Seed + _communicator.Rank);
            }

            if (_sync is not null)
            {
                // Every rank continues from rank 0's parameters and buffers (a fresh model, or the same checkpoint read by all).
                ParameterBroadcaster.Broadcast(_model, _communicator);
            }

            if (_algorithm.Requirements.EmaDecay is double decay)
            {
                _teacher = new EmaTeacher(_model, decay);
                _step.Teacher = _teacher;
                if (resumed is not null)
                {
                    _teacher.LoadState(resumed.Ema ?? throw new InvalidDataException($"'{_options.ResumeFrom}' has no '{Checkpoint.EmaSection}' section, but '{_algorithm.Name}' keeps an EMA teacher."));
                }
            }

            if (resumed is not null)
            {
                _algorithm.LoadState(resumed.Algorithm);
            }
        }
        finally
        {
            resumed?.Dispose();
        }
    }

    // A resume continues the run its checkpoint belongs to: the checkpoint's id, which must be the one the options name.
    private string ResumedRunId(string checkpoint)
    {
        var written = Checkpoint.ReadInfo(checkpoint).RunId;
        if (written is not null && _options.RunId is { } expected && !string.Equals(written, expected, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{checkpoint}' is a checkpoint of run {written}; this trainer continues run {expected} (RunId). A resume continues its own run only.");
        }

        return written ?? _options.RunId ?? RunIdentity.NewId();
    }

    private object Description() => new
    {
        RunId = _runId,
        Algorithm = _algorithm.Name,
        Method = (_algorithm as MetaSemiAlgorithm)?.MetaOptimizer.Name ?? _algorithm.Name,
        AlgorithmOptions = _setup.AlgorithmOptions,
        // A schedule object passed to WithSchedule is not what Options.Schedule says: that section is written as
        // null then, and LearningRateSchedule below is the one schedule record.
        Options = _setup.ScheduleFromOptions ? (object)_options : RunOptionsFile.Without(_options, nameof(SemiSupervisedTrainerOptions.Schedule)),
        MetaOptimizer = (_algorithm as MetaSemiAlgorithm)?.MetaOptimizer.GetType().FullName,
        ConsistencyLoss = (_algorithm as MetaSemiAlgorithm)?.ConsistencyLoss.Name,
        LearningRateSchedule = _setup.Schedule.ToString(),
        ConsistencyWeightSchedule = (_algorithm as MetaSemiAlgorithm)?.WeightSchedule.ToString(),
        _setup.Train.BatchSize,
        _setup.Train.NumClasses,
        Model = _model.GetType().FullName,
    };

    /// <summary>A seed per (seed, rank, step, purpose), distinct for neighbouring ranks and steps.</summary>
    private static long ResumeSeed(int seed, int rank, long step, ulong purpose) =>
        SplitMix64.ToSeed(SplitMix64.Finalize(SplitMix64.Combine(unchecked((ulong)seed), (ulong)rank, unchecked((ulong)step)) ^ purpose));

    private TrainingProgress TrainOne(long totalSteps)
    {
        using var scope = torch.NewDisposeScope();
        double learningRate = _setup.Schedule.LearningRate(_completed, _options.Optimizer.LearningRate);
        var clock = Stopwatch.StartNew();
        using var pair = _setup.Train.Next();
        double dataSeconds = clock.Elapsed.TotalSeconds;
        var metrics = _step.Run(pair, _completed + 1, totalSteps, learningRate);
        double computeSeconds = clock.Elapsed.TotalSeconds - dataSeconds;
        _completed++;
        return new TrainingProgress(_completed, totalSteps, metrics, dataSeconds, computeSeconds, null);
    }

    private EvaluationResult Evaluate()
    {
        using var ema = _algorithm.Requirements.EvaluateWithEma ? _teacher?.SwapIn() : null;
        var result = _sync is null
            ? ClassifierEvaluation.Evaluate(_model, _setup.Test!, _options.Evaluation.BatchSize, _device, _completed)
            : EvaluateSharded(_sync);
        bool best = double.IsNaN(_bestAccuracy) || result.Top1 > _bestAccuracy;
        if (best)
        {
            _bestAccuracy = result.Top1;
            _bestStep = _completed;
        }

        _lastEvaluation = result;
        return result;
    }

    /// <summary>Each rank evaluates its shard of the test set; the counts are summed, so the accuracies are those of the whole set.</summary>
    private EvaluationResult EvaluateSharded(DataParallelSync sync)
    {
        var test = _setup.Test!;
        bool topFive = test.NumClasses > 5;
        var (top1, top5, count) = ClassifierEvaluation.Count(
            _model, test.GetBatches(_options.Evaluation.BatchSize, sync.Rank, sync.Size), topFive, _device);
        var sums = sync.SumCounts(top1, top5, count);
        return ClassifierEvaluation.Result(sums[0], sums[1], sums[2], topFive, _completed);
    }

    /// <summary>
    /// On resume, makes <c>model_best</c> the model of the step the checkpoint says it holds. A kill between the
    /// checkpoint's rename and model_best's copy leaves model_best older than (or without) the checkpoint's best, which
    /// is then the checkpoint itself: copied again. Any other difference (a deleted or damaged file) cannot be rebuilt
    /// from the checkpoint: the log says so, and the next checkpoints record what model_best really holds.
    /// </summary>
    private void ReconcileModelBest(string resumedFrom, CheckpointInfo info)
    {
        if (!WritesRunFolder || info.ModelBestStep == 0)
        {
            return;
        }

        string modelBest = Path.Combine(RunFolder, ModelBestFileName);
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
            TrainerLog.ModelBestRebuilt(_logger, modelBest, found, info.Step);
            return;
        }

        _modelBestStep = holds ?? 0;
        TrainerLog.ModelBestStale(_logger, modelBest, found, info.ModelBestStep, info.Step);
    }

    /// <summary>The file in the run folder holding the best evaluation's checkpoint.</summary>
    private const string ModelBestFileName = "model_best";

    private string? SaveCheckpoint()
    {
        if (CheckpointPath is not { } path)
        {
            return null;
        }

        if (!WritesRunFolder)
        {
            return path; // rank 0 writes it
        }

        bool best = _bestStep == _completed && _lastEvaluation?.Step == _completed;
        long modelBestStep = best ? _completed : _modelBestStep;
        var info = new CheckpointInfo(_completed, _bestAccuracy, _bestStep, _options.Seed, _setup.Train.Position, modelBestStep, _algorithm.Name, _runId);
        var ema = _teacher?.GetState();
        var algorithmState = _algorithm.GetState();
        try
        {
            Checkpoint.Save(path, info, _model, _optimizer, _generator, ema, algorithmState);
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
            Checkpoint.Copy(path, Path.Combine(RunFolder!, ModelBestFileName));
            _modelBestStep = _completed;
        }

        if (best || _setup.Test is null)
        {
            WriteModelFile(best);
        }

        TrainerLog.CheckpointWritten(_logger, path, _completed);
        return path;
    }

    /// <summary>
    /// With <see cref="SemiSupervisedTrainerBuilder.WithModelFile(MetaSemi.Files.ModelDescription)"/>: the model file of the weights that were
    /// evaluated (the EMA teacher's when the algorithm evaluates on it), at the best step; without a test
    /// source, the latest weights at each checkpoint.
    /// </summary>
    private void WriteModelFile(bool best)
    {
        if (_setup.ModelDescription is not { } description || !WritesRunFolder)
        {
            return;
        }

        var training = description.Training ?? new TrainingSummary();
        var stamped = description with
        {
            Training = training with
            {
                Algorithm = training.Algorithm ?? _algorithm.Name,
                Steps = best ? _bestStep : _completed,
                TestAccuracy = best ? _bestAccuracy : null,
                RunId = _runId,
            },
        };
        using var ema = _algorithm.Requirements.EvaluateWithEma ? _teacher?.SwapIn() : null;
        ModelFile.Save(ModelFilePath!, _model, stamped);
    }

    private string? ModelFilePath => RunFolder is null ? null : Path.Combine(RunFolder, ModelFile.FileName);

    private TrainingResult Result(bool cancelled, string? checkpoint) =>
        new(_completed, cancelled, _bestAccuracy, _bestStep, _lastEvaluation, checkpoint)
        {
            ModelFilePath = _setup.ModelDescription is not null && ModelFilePath is { } path && File.Exists(path) ? path : null,
        };

    /// <summary>Releases the optimizer, the EMA teacher and the trainer's generator (not the model, the data sources or the communicator, which the caller owns).</summary>
    public void Dispose()
    {
        _sync?.Dispose();
        _teacher?.Dispose();
        _optimizer.Dispose();
        _generator.Dispose();
        _globalRandom.Dispose();
    }
}
