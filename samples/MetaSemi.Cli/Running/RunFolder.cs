using System.Text.Json;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;

namespace MetaSemi.Cli.Running;

/// <summary>
/// A training command's hold on its <c>--save-path</c> for the run's life (docs/reliability.md): the folder's
/// lock (a second writer is refused before it reads or writes anything), leftovers of interrupted writes
/// deleted, and the files that describe the run — <c>label_indices.txt</c> and <c>args.json</c> — written
/// once, atomically, at the start of a fresh run and checked, never rewritten, when the run is resumed.
/// Ranks other than 0 of a distributed run hold nothing (rank 0 writes the folder).
/// </summary>
internal sealed class RunFolder : IDisposable
{
    /// <summary>Options a resume may change: how long, how often to show or evaluate, where things are, on what device.</summary>
    private static readonly HashSet<string> ResumableArguments = new(StringComparer.Ordinal)
    {
        "total-steps", "epochs", "resume", "save-path", "print-freq", "test-freq", "device", "threads", "gpu", "data-path", "data", "label-indices",
    };

    private readonly RunFolderLock? _lock;

    private RunFolder(string path, RunFolderLock? runLock, IReadOnlyList<string> leftovers)
    {
        Path = path;
        _lock = runLock;
        DeletedLeftovers = leftovers;
    }

    /// <summary>The run folder.</summary>
    public string Path { get; }

    /// <summary>The process whose lock this run took over (it ended without releasing it), if any.</summary>
    public RunFolderHolder? TakenOverFrom => _lock?.PreviousHolder;

    /// <summary>Temporary files of interrupted writes that were deleted at the start.</summary>
    public IReadOnlyList<string> DeletedLeftovers { get; }

    /// <summary>
    /// Takes the run folder (see the class remarks). A fresh run (<paramref name="resume"/> null) is refused
    /// in a folder that holds a checkpoint: it would overwrite that run.
    /// </summary>
    /// <exception cref="CliUserException">Another process holds the folder, or a fresh run would overwrite a checkpoint.</exception>
    public static RunFolder Open(string path, string? resume, bool isWriter)
    {
        if (!isWriter)
        {
            return new RunFolder(path, null, []);
        }

        RunFolderLock runLock;
        try
        {
            runLock = RunFolderLock.Acquire(path);
        }
        catch (RunFolderLockedException e)
        {
            throw new CliUserException($"--save-path {e.Message}", e);
        }

        try
        {
            var leftovers = AtomicFile.DeleteLeftovers(path);
            var checkpoint = System.IO.Path.Combine(path, "checkpoint");
            if (resume is null && File.Exists(checkpoint))
            {
                throw new CliUserException(
                    $"--save-path '{path}' already holds a run ('{checkpoint}'): continue it with --resume '{checkpoint}', or choose another --save-path (a fresh run would overwrite it).");
            }

            return new RunFolder(path, runLock, leftovers);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Records the split in <c>label_indices.txt</c>: written when the folder has none; when it has one, a resume
    /// must train on exactly that split (else the message names both files) and the file is left as it is, and a
    /// fresh run (whose earlier attempt left no checkpoint) replaces it atomically if it differs.
    /// </summary>
    /// <exception cref="CliUserException">A resume's split is not the one the folder records.</exception>
    /// <exception cref="DataFormatException">On a resume, the folder's file is empty or not one index per line.</exception>
    public void RecordSplit(DatasetSplit split, bool resuming, string splitSource)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (_lock is null)
        {
            return;
        }

        var path = System.IO.Path.Combine(Path, LabelIndicesFile.FileName);
        if (File.Exists(path))
        {
            if (!resuming)
            {
                // A fresh run whose earlier attempt left no checkpoint: its file describes nothing that was kept.
                if (!File.ReadAllText(path).Equals(LabelIndicesFile.Format(split.Labeled), StringComparison.Ordinal))
                {
                    LabelIndicesFile.Write(path, split.Labeled);
                }

                return;
            }

            // Read and checked (empty, not numbers) with messages that name the file.
            if (!LabelIndicesFile.Read(path).SequenceEqual(split.Labeled))
            {
                throw new CliUserException(
                    $"'{path}' records another labelled subset than the one this resume trains on ({splitSource}): a resume continues its run on that run's split. Resume with the run's own label_indices.txt, or into another --save-path.");
            }

            return;
        }

        LabelIndicesFile.Write(path, split.Labeled);
    }

    /// <summary>
    /// Records the command's options in <c>args.json</c>: written when the folder has none; when it has one, a
    /// resume must agree with it on every option that changes what is trained (not on --total-steps, --resume,
    /// --print-freq, --test-freq, paths or the device), and the file stays as it is; a fresh run replaces it.
    /// </summary>
    /// <exception cref="CliUserException">The folder's args.json is not readable JSON, or a resume changes an option it records.</exception>
    public void RecordArguments<TOptions>(TOptions options, bool resuming)
        where TOptions : class
    {
        if (_lock is null)
        {
            return;
        }

        var path = System.IO.Path.Combine(Path, CommandOptionsJson.FileName);
        var current = CommandOptionsJson.ToBytes(options);
        if (resuming && File.Exists(path))
        {
            CheckResumedArguments(path, current);
            return;
        }

        CommandOptionsJson.Write(options, path);
    }

    private static void CheckResumedArguments(string path, byte[] current)
    {
        JsonDocument recorded;
        try
        {
            recorded = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new CliUserException($"'{path}' is not valid JSON ({e.Message}): it records the options of the run being resumed; restore it, or resume into another --save-path.", e);
        }

        using (recorded)
        using (var now = JsonDocument.Parse(current))
        {
            if (recorded.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliUserException($"'{path}' holds a JSON {recorded.RootElement.ValueKind}, expected the object of the run's options; restore it, or resume into another --save-path.");
            }

            var changed = new List<string>();
            foreach (var option in now.RootElement.EnumerateObject())
            {
                if (!ResumableArguments.Contains(option.Name) && recorded.RootElement.TryGetProperty(option.Name, out var was)
                    && was.GetRawText() != option.Value.GetRawText())
                {
                    changed.Add($"--{option.Name} {Show(was)} (this resume: {Show(option.Value)})");
                }
            }

            if (changed.Count > 0)
            {
                throw new CliUserException(
                    $"'{path}' records {string.Join(", ", changed)}: a resume continues the same run, so give the options it was started with, or resume into another --save-path.");
            }
        }
    }

    private static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Join(' ', value.EnumerateArray().Select(Show)) : value.ToString();

    /// <summary>Releases the folder's lock.</summary>
    public void Dispose() => _lock?.Dispose();
}
