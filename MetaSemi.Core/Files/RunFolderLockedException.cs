namespace MetaSemi.Files;

/// <summary>Another process holds the run folder's lock: a second writer would interleave its files with the first's.</summary>
public sealed class RunFolderLockedException : IOException
{
    /// <summary>Creates the exception for <paramref name="folder"/>, held by <paramref name="holder"/> (null when its holder file is not written yet).</summary>
    public RunFolderLockedException(string folder, RunFolderHolder? holder, Exception? innerException = null)
        : base(Describe(folder, holder), innerException)
    {
        Folder = folder;
        Holder = holder;
    }

    /// <summary>Creates an empty exception (serialisers and frameworks need it).</summary>
    public RunFolderLockedException()
    {
        Folder = string.Empty;
    }

    /// <summary>Creates the exception with a complete message.</summary>
    public RunFolderLockedException(string message)
        : base(message)
    {
        Folder = string.Empty;
    }

    /// <summary>Creates the exception with a complete message and the error that revealed it.</summary>
    public RunFolderLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Folder = string.Empty;
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    /// <summary>The process that holds the lock, when known.</summary>
    public RunFolderHolder? Holder { get; }

    private static string Describe(string folder, RunFolderHolder? holder) =>
        $"'{folder}' is in use by another run ({holder?.ToString() ?? "its holder has not written its PID yet"}; lock file '{Path.Combine(folder, RunFolderLock.FileName)}'); nothing was written: wait for that run to end, or choose another folder.";
}
