using MetaSemi.Cli.Commands;
using MetaSemi.Files;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// A run folder that a failed command created and that holds nothing trained: only the files that describe the
/// attempt (its log, lock, <c>args.json</c>, <c>options.json</c>, <c>label_indices.txt</c>). Such a folder is
/// removed, so that a typo in a flag leaves no folder behind that later looks like a run; a folder that existed
/// before, or holds anything else (metrics, a checkpoint, a model file), is kept as it is (docs/reliability.md).
/// </summary>
internal static class FailedRunFolder
{
    private static readonly HashSet<string> AttemptFiles = new(StringComparer.Ordinal)
    {
        RunLogging.FileName, RunFolderLock.FileName, RunFolderLock.HolderFileName, CommandOptionsJson.FileName, RunOptionsFile.FileName, LabelIndicesFile.FileName,
    };

    /// <summary>
    /// Removes <paramref name="path"/> when it did not exist before the command (<paramref name="existedBefore"/>) and
    /// holds attempt files only; returns whether it did.
    /// </summary>
    public static bool RemoveIfNothingTrained(string path, bool existedBefore)
    {
        if (existedBefore || !Directory.Exists(path))
        {
            return false;
        }

        var entries = Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).ToList();
        if (!entries.All(name => name is not null && AttemptFiles.Contains(name)))
        {
            return false;
        }

        try
        {
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
