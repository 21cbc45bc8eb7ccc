namespace MetaSemi.Algorithms;

/// <summary>
/// One semi-supervised method (docs/design.md, "The training loop and its plug-ins"): it owns one
/// training step — from the model (and the EMA teacher, if it asked for one), the batch and this step's
/// schedule values it computes the loss to minimise and named scalar metrics. It declares what it needs
/// in <see cref="Requirements"/> and keeps any state of its own (per-class thresholds, per-example
/// predictions) in tensors that checkpoints save through <see cref="GetState"/> and <see cref="LoadState"/>.
/// It knows no loop, file, logger or optimizer: the trainer does <c>zero_grad</c>, <c>backward</c>, the
/// data-parallel average, the finite-loss check, the optimizer step and the EMA update.
/// </summary>
public interface ISemiSupervisedAlgorithm
{
    /// <summary>The registry name (for example <c>fixmatch</c>), used in logs, options.json and <c>compare</c>.</summary>
    string Name { get; }

    /// <summary>What the algorithm needs from the data and the trainer; constant for the algorithm's life.</summary>
    AlgorithmRequirements Requirements { get; }

    /// <summary>Called once by the trainer before the first step (fresh or resumed), before <see cref="LoadState"/>.</summary>
    void Initialize(AlgorithmSetup setup);

    /// <summary>
    /// Runs one step's forward passes and returns the loss (with its graph) and the metrics. Called inside
    /// the trainer's dispose scope; leaves the model in train mode; must not call <c>backward</c> on the
    /// returned loss, step an optimizer or touch <c>.grad</c> (a meta step may take gradients with
    /// <c>torch.autograd.grad</c>).
    /// </summary>
    AlgorithmStepResult Step(AlgorithmStepContext context);

    /// <summary>
    /// Called by the trainer after the optimizer step and the EMA update, with the step's result, for
    /// state that must change only once the step is taken (default: nothing).
    /// </summary>
    void AfterStep(AlgorithmStepContext context, AlgorithmStepResult result)
    {
    }

    /// <summary>The algorithm's own state as named tensors (copies, owned by the caller; empty when it has none).</summary>
    IReadOnlyDictionary<string, TorchSharp.torch.Tensor> GetState();

    /// <summary>Restores state saved by <see cref="GetState"/> (the tensors stay owned by the caller).</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape.</exception>
    void LoadState(IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state);
}
