using MetaSemi.Algorithms;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The checks and the arithmetic of a resume (docs/reliability.md): a checkpoint continues only its own run and its own
/// algorithm, and in data-parallel training each rank draws afresh from (seed, rank, step).
/// </summary>
internal static class RunResume
{
    /// <summary>
    /// The run a resume continues: the checkpoint's id, which must be <paramref name="expected"/> when the options name
    /// one; a checkpoint from before run ids continues as <paramref name="expected"/> or a new id.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another run.</exception>
    public static string RunId(string checkpoint, string? expected)
    {
        var written = Checkpoint.ReadInfo(checkpoint).RunId;
        if (written is not null && expected is not null && !string.Equals(written, expected, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{checkpoint}' is a checkpoint of run {written}; this trainer continues run {expected} (RunId). A resume continues its own run only.");
        }

        return written ?? expected ?? RunIdentity.NewId();
    }

    /// <summary>
    /// Restores the model, optimizer and generators from <paramref name="path"/>, which must be a checkpoint of
    /// <paramref name="algorithm"/> trained in <paramref name="precision"/> (a run continued in another precision
    /// would be neither run: docs/precision.md). Files from before the precision was recorded are accepted.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this model, or of another algorithm or precision.</exception>
    public static CheckpointState Restore(string path, torch.nn.Module model, torch.optim.Optimizer optimizer, torch.Generator generator, ISemiSupervisedAlgorithm algorithm, Precision precision)
    {
        var state = Checkpoint.RestoreState(path, model, optimizer, generator);
        if (state.Info.Algorithm is { } written && written != algorithm.Name)
        {
            state.Dispose();
            throw new InvalidDataException($"'{path}' is a checkpoint of algorithm '{written}'; this trainer runs '{algorithm.Name}'.");
        }

        if (state.Info.Precision is { } trained && trained != precision)
        {
            state.Dispose();
            throw new InvalidDataException($"'{path}' is a checkpoint of a run trained in {trained}; this trainer runs in {precision} (Precision). A resume continues in its own precision: resume with {trained}, or start a new run from its weights (the CLI's --init-from) to change it.");
        }

        return state;
    }

    /// <summary>A seed per (seed, rank, step, purpose), distinct for neighbouring ranks and steps.</summary>
    public static long Seed(int seed, int rank, long step, ulong purpose) =>
        SplitMix64.ToSeed(SplitMix64.Finalize(SplitMix64.Combine(unchecked((ulong)seed), (ulong)rank, unchecked((ulong)step)) ^ purpose));
}
