using MetaSemi.Cli.Commands;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Which run a training command continues or starts (docs/reliability.md, "Run identity"), decided before any file
/// is written: <c>--resume</c> continues the run its checkpoint belongs to, in that run's own folder, and nothing
/// else; <c>--init-from</c> starts a new run (a new id) from another run's weights; otherwise a new run.
/// </summary>
internal sealed class RunLineage
{
    private RunLineage(string? runId, CheckpointInfo? forkedFrom)
    {
        RunId = runId;
        ForkedFrom = forkedFrom;
    }

    /// <summary>The run's id; null for a resume of a run that predates ids (the trainer then draws one).</summary>
    public string? RunId { get; }

    /// <summary>The scalars of the <c>--init-from</c> checkpoint, for a fork.</summary>
    public CheckpointInfo? ForkedFrom { get; }

    /// <summary>Checks the command against the checkpoint and the folder (see the class remarks).</summary>
    /// <exception cref="CliUserException">The resume would continue another run, or a checkpoint cannot be read; nothing has been written.</exception>
    public static RunLineage Decide(string savePath, string? resume, string? initFrom)
    {
        ArgumentNullException.ThrowIfNull(savePath);
        if (resume is not null)
        {
            return ForResume(savePath, resume);
        }

        return new RunLineage(RunIdentity.NewId(), initFrom is null ? null : Read(initFrom, "--init-from"));
    }

    /// <summary>Loads the fork's weights into <paramref name="model"/> (model section only).</summary>
    /// <exception cref="CliUserException">The checkpoint does not fit the model; the message names both.</exception>
    public static void LoadInitialWeights(string initFrom, torch.nn.Module model, string modelDescription)
    {
        try
        {
            _ = Checkpoint.LoadModel(initFrom, model);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException(Checkpoint.IsModelMismatch(e)
                ? $"--init-from '{initFrom}' does not fit {modelDescription} (a checkpoint of another architecture or data set?): {e.Message}"
                : $"--init-from '{initFrom}' cannot be read: {e.Message}", e);
        }
    }

    private static RunLineage ForResume(string savePath, string resume)
    {
        var own = Path.GetDirectoryName(Path.GetFullPath(resume))!;
        if (!string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(savePath)), Path.TrimEndingDirectorySeparator(own), StringComparison.Ordinal))
        {
            throw new CliUserException(
                $"--resume '{resume}' belongs to the run in '{own}', not to --save-path '{savePath}': a resume continues a run in its own folder. "
                + $"To continue that run, leave --save-path out (or give '{own}'); to start a new run in '{savePath}' from its weights, use --init-from '{resume}' instead of --resume.");
        }

        var info = Read(resume, "--resume");
        string? recorded;
        try
        {
            recorded = RunOptionsFile.ReadRunId(own);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{e.Message}: it records the run being resumed; restore it, or start a new run from the checkpoint with --init-from.", e);
        }

        if (info.RunId is not null && recorded is not null && !string.Equals(info.RunId, recorded, StringComparison.Ordinal))
        {
            throw new CliUserException(
                $"--resume '{resume}' was written by run {info.RunId}, but '{Path.Combine(own, RunOptionsFile.FileName)}' records run {recorded}: the checkpoint comes from another run. "
                + $"Resume that run in its own folder, or start a new run from these weights with --init-from '{resume}' --save-path <new folder>.");
        }

        return new RunLineage(info.RunId ?? recorded, null);
    }

    private static CheckpointInfo Read(string checkpoint, string flag)
    {
        try
        {
            return Checkpoint.ReadInfo(checkpoint);
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"{flag} '{checkpoint}' cannot be read: {e.Message}", e);
        }
    }
}
