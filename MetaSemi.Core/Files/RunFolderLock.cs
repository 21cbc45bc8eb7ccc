namespace MetaSemi.Files;

/// <summary>
/// The lock of a run folder, held for a run's life so that one process at a time writes it: an OS lock on
/// <c>&lt;folder&gt;/.lock</c> (a <see cref="FileStream"/> with <see cref="FileShare.None"/>, which is
/// <c>flock(LOCK_EX)</c> on Linux and macOS and a sharing lock on Windows). The kernel releases it when
/// the holder ends, however it ends, so a lock left by a killed process is simply taken over. The holder
/// writes its PID, machine and start time to <c>&lt;folder&gt;/.lock-holder</c> (the lock file itself
/// cannot be read while locked), which a refused second process names in its message.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    /// <summary>The lock file's name in a run folder.</summary>
    public const string FileName = ".lock";

    /// <summary>The name of the file that says who holds the lock.</summary>
    public const string HolderFileName = ".lock-holder";

    private FileStream? _stream;

    private RunFolderLock(string folder, FileStream stream, RunFolderHolder holder, RunFolderHolder? previous)
    {
        Folder = folder;
        _stream = stream;
        Holder = holder;
        PreviousHolder = previous;
    }

    /// <summary>The locked folder.</summary>
    public string Folder { get; }

    /// <summary>This process, as written to the holder file.</summary>
    public RunFolderHolder Holder { get; }

    /// <summary>The process whose lock was taken over: it ended without releasing it (killed, crashed); null after a clean end.</summary>
    public RunFolderHolder? PreviousHolder { get; }

    /// <summary>Creates <paramref name="folder"/> if needed and takes its lock, without waiting.</summary>
    /// <exception cref="RunFolderLockedException">Another process holds the lock; nothing was written.</exception>
    /// <exception cref="IOException">The lock file cannot be created (read-only folder, disk full); the message names it.</exception>
    public static RunFolderLock Acquire(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string lockPath = Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            Directory.CreateDirectory(folder);
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot create the lock file '{lockPath}': {e.Message}", e);
        }
        catch (IOException e) when (File.Exists(lockPath) && e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            // The file exists and could not be opened exclusively: another process holds it.
            throw new RunFolderLockedException(folder, ReadHolder(folder), e);
        }
        catch (IOException e)
        {
            throw new IOException($"Cannot create the lock file '{lockPath}': {e.Message}", e);
        }

        try
        {
            var previous = ReadHolder(folder);
            var holder = new RunFolderHolder(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);
            AtomicFile.WriteAllText(Path.Combine(folder, HolderFileName), holder.Format());
            return new RunFolderLock(folder, stream, holder, previous);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Who holds (or, after a crash, last held) the lock of <paramref name="folder"/>, from its holder file; null when there is none.</summary>
    public static RunFolderHolder? ReadHolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        try
        {
            var path = Path.Combine(folder, HolderFileName);
            return File.Exists(path) ? RunFolderHolder.Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Releases the lock; the holder file goes first, so that only a process that did not end cleanly leaves one behind.</summary>
    public void Dispose()
    {
        if (_stream is null)
        {
            return;
        }

        try
        {
            File.Delete(Path.Combine(Folder, HolderFileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next holder overwrites it (and reports it as a take-over).
        }

        // The lock file stays: deleting it while locked would let two processes lock two different files of one name.
        _stream.Dispose();
        _stream = null;
    }
}
