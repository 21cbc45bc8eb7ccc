using System.Runtime.InteropServices;

namespace MetaSemi.Distributed;

/// <summary>
/// Sets variables in the process's native environment, which native libraries read with getenv
/// (.NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach it on Unix).
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>
    /// UCX (MPICH's default transport on Linux) installs handlers for SIGSEGV, SIGFPE and others that
    /// print a backtrace and kill the process; .NET turns those signals into NullReferenceException
    /// and DivideByZeroException, so UCX's handlers would turn every caught managed exception of that
    /// kind into a crash. An empty list keeps UCX's hands off, unless the user set one. UCX parses it
    /// when its library is loaded, so call this before loading MPI.
    /// </summary>
    public static void KeepUcxOffDotnetSignals()
    {
        if (!OperatingSystem.IsWindows())
        {
            SetIfUnset("UCX_ERROR_SIGNALS", string.Empty);
        }
    }

    private static void SetIfUnset(string name, string value)
    {
        if (NativeMethods.setenv(name, value, 0) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int setenv(string name, string value, int overwrite);
    }
}
