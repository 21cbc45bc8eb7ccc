using System.Diagnostics;
using MetaSemi.Algorithms;
using MetaSemi.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// Trains any image classifier with any <see cref="ISemiSupervisedAlgorithm"/> (MetaSemi by default, docs/design.md §2):
/// the loop — draw a batch, the algorithm's step (<see cref="TrainingStepRunner"/>), evaluation
/// (<see cref="RunEvaluation"/>) and checkpoints (<see cref="RunCheckpoints"/>) at the evaluation steps — and hooks
/// (<see cref="ITrainingHook"/>: metrics.csv, TensorBoard, log lines, progress, the user's own) around every step,
/// evaluation and checkpoint. The optimizer comes from an <see cref="IOptimizerFactory"/> (SGD by default). Create it
/// with <see cref="Create()"/> and the builder's methods; it is configured once, at
/// <see cref="SemiSupervisedTrainerBuilder.Build"/>. With <see cref="SemiSupervisedTrainerBuilder.WithDistributed"/>
/// it is one replica of data-parallel training (see there and docs/distributed.md).
/// </summary>
public sealed class SemiSupervisedTrainer : IDisposable
{
    private readonly TrainerSetup _setup;
    private readonly SemiSupervisedTrainerOptions _options;
    private readonly ISemiSupervisedAlgorithm _algorithm;
    private readonly TrainerComponents _parts;
    private readonly GlobalRandomState _globalRandom = new();
    private EmaTeacher? _teacher;
    private bool _started;
    private string? _runId;
    private long _completed;
    private int _running;

    internal SemiSupervisedTrainer(TrainerSetup setup)
    {
        _setup = setup;
        _options = setup.Options;
        _algorithm = setup.Algorithm;
        _parts = new TrainerComponents(setup);
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
    public torch.nn.Module<torch.Tensor, torch.Tensor> Model => _setup.Model;

    /// <summary>The algorithm this trainer runs.</summary>
    public ISemiSupervisedAlgorithm Algorithm => _algorithm;

    /// <summary>The optimizer this trainer steps (from its <see cref="IOptimizerFactory"/>).</summary>
    public torch.optim.Optimizer Optimizer => _parts.Optimizer;

    /// <summary>The EMA teacher, once training has started, when the algorithm asked for one; else null.</summary>
    public IEmaTeacher? Teacher => _teacher;

    /// <summary>Completed training steps.</summary>
    public long Step => _completed;

    /// <summary>Best top-1 test accuracy so far, NaN before the first evaluation.</summary>
    public double BestAccuracy => _parts.Evaluation.BestAccuracy;

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

    private TrainingResult Fit(long steps, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Start();
        TrainerLog.FitStarting(_parts.Logger, _setup, _completed, steps, _parts.Device.ToString(), _parts.Sync, _parts.ConvertedNorms);
        _parts.Sync?.ClearStopRequests(); // a new FitAsync starts without the stop of an earlier, cancelled one
        using var hooks = new TrainingHooks(_setup, _parts.Communicator.Rank, progress, _parts.Logger);
        hooks.TrainingStarted(new TrainingStartInfo(_algorithm.Name, _completed, steps, _parts.Device.ToString(), _options.Seed, _parts.Communicator.Rank, _parts.Communicator.Size, _options.RunFolder));
        var result = Loop(steps, hooks, cancellationToken);
        hooks.TrainingEnded(result);
        return result;
    }

    private TrainingResult Loop(long steps, TrainingHooks hooks, CancellationToken cancellationToken)
    {
        string? lastCheckpoint = null;
        while (_completed < steps)
        {
            // Ranks stop together: each rank's request travels with a step's values, and all act on the sum.
            if (_parts.Sync is null ? cancellationToken.IsCancellationRequested : _parts.Sync.StopRequested)
            {
                TrainerLog.Cancelled(_parts.Logger, _completed);
                lastCheckpoint = SaveCheckpoint(hooks);
                _parts.Sync?.Barrier();
                return Result(cancelled: true, lastCheckpoint);
            }

            if (_parts.Sync is not null)
            {
                _parts.Sync.LocalStopRequested = cancellationToken.IsCancellationRequested;
            }

            var report = TrainOne(steps);
            bool evaluationStep = _completed % _options.Evaluation.EverySteps == 0 || _completed == steps;
            if (evaluationStep && _parts.Evaluation.HasTest)
            {
                hooks.EvaluationStarting(_completed);
                var evaluation = _parts.Evaluation.Evaluate(_completed, _algorithm.Requirements.EvaluateWithEma ? _teacher : null);
                hooks.EvaluationCompleted(evaluation);
                report = report with { Evaluation = evaluation, BestAccuracy = _parts.Evaluation.BestAccuracy, BestStep = _parts.Evaluation.BestStep };
            }

            // The step's row is written before its checkpoint, so a crash between the two loses no row on resume.
            hooks.StepCompleted(report);
            if (evaluationStep)
            {
                lastCheckpoint = SaveCheckpoint(hooks) ?? lastCheckpoint;
            }
        }

        _parts.Sync?.Barrier();
        return Result(cancelled: false, lastCheckpoint);
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _runId = _options.ResumeFrom is { } resumeFrom ? RunResume.RunId(resumeFrom, _options.RunId) : _options.RunId ?? RunIdentity.NewId();
        if (_parts.WritesRunFolder && _options.RunFolder is { } folder && (_options.ResumeFrom is null || !File.Exists(Path.Combine(folder, RunOptionsFile.FileName))))
        {
            // Written once, at the start of a run; a resume keeps what the run was started with.
            RunOptionsFile.Write(folder, RunDescription.Of(_setup, _runId));
        }

        _algorithm.Initialize(new AlgorithmSetup(_setup.Train.NumClasses, _setup.Train.UnlabeledCount, _parts.Device, ClassifierEvaluation.ModelDType(_setup.Model)));
        using var resumed = _options.ResumeFrom is { } path ? _parts.Checkpoints.Resume(path, _parts.Device, _parts.Evaluation, _setup.Train, _parts.Sync, _options.Seed) : null;
        _completed = resumed?.Info.Step ?? 0;
        if (resumed is null)
        {
            // Dropout and other layers draw from torch's global generator: seed it with the run (and rank).
            torch.manual_seed(_options.Seed + _parts.Communicator.Rank);
        }

        if (_parts.Sync is not null)
        {
            // Every rank continues from rank 0's parameters and buffers (a fresh model, or the same checkpoint read by all).
            ParameterBroadcaster.Broadcast(_setup.Model, _parts.Communicator);
        }

        if (_algorithm.Requirements.EmaDecay is double decay)
        {
            _teacher = new EmaTeacher(_setup.Model, decay);
            _parts.Step.Teacher = _teacher;
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

    private TrainingProgress TrainOne(long totalSteps)
    {
        using var scope = torch.NewDisposeScope();
        double learningRate = _setup.Schedule.LearningRate(_completed, _options.Optimizer.LearningRate);
        var clock = Stopwatch.StartNew();
        using var pair = _setup.Train.Next();
        double dataSeconds = clock.Elapsed.TotalSeconds;
        var metrics = _parts.Step.Run(pair, _completed + 1, totalSteps, learningRate);
        double computeSeconds = clock.Elapsed.TotalSeconds - dataSeconds;
        _completed++;
        return new TrainingProgress(_completed, totalSteps, metrics, dataSeconds, computeSeconds, null);
    }

    private string? SaveCheckpoint(TrainingHooks hooks)
    {
        bool best = _parts.Evaluation.IsBestAt(_completed);
        var path = _parts.Checkpoints.Save(_completed, _parts.Evaluation, _teacher, _algorithm.Requirements.EvaluateWithEma, _options.Seed, _setup.Train.Position, _runId);
        if (path is not null && _parts.WritesRunFolder)
        {
            hooks.CheckpointWritten(new CheckpointWrittenInfo(path, _completed, best));
        }

        return path;
    }

    private TrainingResult Result(bool cancelled, string? checkpoint) =>
        new(_completed, cancelled, _parts.Evaluation.BestAccuracy, _parts.Evaluation.BestStep, _parts.Evaluation.Last, checkpoint)
        {
            ModelFilePath = _parts.Checkpoints.WrittenModelFile,
        };

    /// <summary>Releases the optimizer, the EMA teacher and the trainer's generator (not the model, the data sources or the communicator, which the caller owns).</summary>
    public void Dispose()
    {
        _teacher?.Dispose();
        _parts.Dispose();
        _globalRandom.Dispose();
    }
}
