using System.Runtime.InteropServices;
using System.Text;

namespace MetaSemi.Distributed;

/// <summary>
/// The handful of MPI C functions we call, bound at run time to an MPI library with the MPICH ABI
/// (MPICH, Intel MPI, Cray MPICH, MVAPICH; MS-MPI on Windows): in that ABI handles are plain ints
/// with fixed values, so no C shim is needed.
/// </summary>
/// <remarks>Values below are those of MPICH 4.0.2's mpi.h (Debian 12, /usr/include/x86_64-linux-gnu/mpich/mpi.h), checked one by one; MS-MPI's mpi.h (microsoft/Microsoft-MPI, src/include/mpi.h) has the same values.</remarks>
internal sealed class MpiLibrary
{
    public const int Success = 0;
    public const int CommWorld = 0x44000000;
    public const int Int = 0x4c000405;
    public const int Float = 0x4c00040a;
    public const int Double = 0x4c00080b;
    public const int LongLong = 0x4c000809;
    public const int OpSum = 0x58000003;
    public const int ErrorsReturn = 0x54000001;
    public const int ThreadSerialized = 2;
    public const int MaxErrorString = 512;
    public const int MaxLibraryVersionString = 8192;

    /// <summary>Environment variable naming the MPI library file to load instead of the usual names.</summary>
    public const string LibraryVariable = "METASEMI_MPI_LIBRARY";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int InitThreadFn(IntPtr argc, IntPtr argv, int required, out int provided);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int FlagFn(out int flag);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NoArgFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int CommIntFn(int comm, out int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int CommFn(int comm);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int CommSetErrhandlerFn(int comm, int errhandler);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int StringFn([Out] byte[] text, out int length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ErrorStringFn(int code, [Out] byte[] text, out int length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int AllreduceFn(IntPtr sendbuf, IntPtr recvbuf, int count, int datatype, int op, int comm);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int BcastFn(IntPtr buffer, int count, int datatype, int root, int comm);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int AllgatherFn(IntPtr sendbuf, int sendcount, int sendtype, IntPtr recvbuf, int recvcount, int recvtype, int comm);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int AbortFn(int comm, int errorcode);

    /// <summary>MPI_IN_PLACE in the MPICH ABI: <c>(void *) -1</c>.</summary>
    public static readonly IntPtr InPlace = new(-1);

    private static readonly Lazy<MpiLibrary> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private MpiLibrary(IntPtr handle, string path)
    {
        Path = path;
        InitThread = Bind<InitThreadFn>(handle, "MPI_Init_thread");
        Initialized = Bind<FlagFn>(handle, "MPI_Initialized");
        Finalized = Bind<FlagFn>(handle, "MPI_Finalized");
        Finalize = Bind<NoArgFn>(handle, "MPI_Finalize");
        CommRank = Bind<CommIntFn>(handle, "MPI_Comm_rank");
        CommSize = Bind<CommIntFn>(handle, "MPI_Comm_size");
        CommSetErrhandler = Bind<CommSetErrhandlerFn>(handle, "MPI_Comm_set_errhandler");
        ErrorString = Bind<ErrorStringFn>(handle, "MPI_Error_string");
        // MPI-3; MS-MPI lacks it.
        GetLibraryVersion = NativeLibrary.TryGetExport(handle, "MPI_Get_library_version", out var version)
            ? Marshal.GetDelegateForFunctionPointer<StringFn>(version)
            : null;
        Allreduce = Bind<AllreduceFn>(handle, "MPI_Allreduce");
        Bcast = Bind<BcastFn>(handle, "MPI_Bcast");
        Barrier = Bind<CommFn>(handle, "MPI_Barrier");
        Allgather = Bind<AllgatherFn>(handle, "MPI_Allgather");
        Abort = Bind<AbortFn>(handle, "MPI_Abort");
        // An MPICH extension: absent from MS-MPI and older MPICH, in which case we assume no CUDA awareness.
        QueryCudaSupport = NativeLibrary.TryGetExport(handle, "MPIX_Query_cuda_support", out var cuda)
            ? Marshal.GetDelegateForFunctionPointer<NoArgFn>(cuda)
            : null;
    }

    public string Path { get; }

    public InitThreadFn InitThread { get; }

    public FlagFn Initialized { get; }

    public FlagFn Finalized { get; }

    public NoArgFn Finalize { get; }

    public CommIntFn CommRank { get; }

    public CommIntFn CommSize { get; }

    public CommSetErrhandlerFn CommSetErrhandler { get; }

    public ErrorStringFn ErrorString { get; }

    public StringFn? GetLibraryVersion { get; }

    public AllreduceFn Allreduce { get; }

    public BcastFn Bcast { get; }

    public CommFn Barrier { get; }

    public AllgatherFn Allgather { get; }

    public AbortFn Abort { get; }

    public NoArgFn? QueryCudaSupport { get; }

    /// <summary>The process-wide binding, loaded on first use.</summary>
    public static MpiLibrary Instance => Shared.Value;

    /// <summary>The file names tried in order, unless <see cref="LibraryVariable"/> names one.</summary>
    public static IReadOnlyList<string> CandidateNames()
    {
        var overridden = Environment.GetEnvironmentVariable(LibraryVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return [overridden];
        }

        if (OperatingSystem.IsWindows())
        {
            return ["msmpi.dll"];
        }

        if (OperatingSystem.IsMacOS())
        {
            return ["libmpi.12.dylib", "libmpich.12.dylib", "libmpi.dylib"];
        }

        // libmpi.so.12: MPICH's own install, Intel MPI, Cray; libmpich.so.12: Debian/Ubuntu's mpich package.
        return ["libmpi.so.12", "libmpich.so.12", "libmpi.so", "libmpich.so"];
    }

    /// <summary>Text of MPI_Error_string for <paramref name="code"/>.</summary>
    public string DescribeError(int code)
    {
        var buffer = new byte[MaxErrorString + 1];
        return ErrorString(code, buffer, out int length) == Success
            ? Encoding.UTF8.GetString(buffer, 0, Math.Clamp(length, 0, MaxErrorString))
            : "(MPI_Error_string gave no text for this code)";
    }

    /// <summary>Throws <see cref="MpiException"/> with MPI's text when <paramref name="code"/> is not MPI_SUCCESS.</summary>
    public void Check(int code, string function)
    {
        if (code != Success)
        {
            throw new MpiException(function, code, DescribeError(code));
        }
    }

    /// <summary>MPI_Get_library_version's text (callable before MPI_Init), or a note when the library lacks it.</summary>
    public string LibraryVersion()
    {
        if (GetLibraryVersion is null)
        {
            return $"{Path} (no MPI_Get_library_version)";
        }

        var buffer = new byte[MaxLibraryVersionString + 1];
        Check(GetLibraryVersion(buffer, out int length), "MPI_Get_library_version");
        return Encoding.UTF8.GetString(buffer, 0, Math.Clamp(length, 0, MaxLibraryVersionString)).TrimEnd('\0', '\n', ' ');
    }

    private static MpiLibrary Load()
    {
        var names = CandidateNames();
        // UCX reads its global options when the MPI library loads it, so this must come first.
        NativeEnvironment.KeepUcxOffDotnetSignals();
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                var library = new MpiLibrary(handle, name);
                var version = library.LibraryVersion();
                // Open MPI's handles are pointers, not the MPICH ABI's ints: calling it with ours would crash.
                if (version.Contains("Open MPI", StringComparison.OrdinalIgnoreCase))
                {
                    throw new MpiException(
                        $"The MPI library '{name}' is Open MPI ({FirstLine(version)}), which does not have the MPICH ABI MetaSemi.NET binds to. " +
                        $"Install MPICH (e.g. 'apt-get install mpich') or point {LibraryVariable} at an MPICH-ABI library (MPICH, Intel MPI, MVAPICH, Cray MPICH).");
                }

                return library;
            }
        }

        string hint = OperatingSystem.IsWindows()
            ? "Install Microsoft MPI (msmpi.dll)"
            : "Install MPICH (e.g. 'apt-get install mpich' on Debian/Ubuntu, 'dnf install mpich' on Fedora)";
        throw new MpiException(
            $"Could not load an MPI library with the MPICH ABI: tried {string.Join(", ", names.Select(n => $"'{n}'"))}. " +
            $"{hint}, or set {LibraryVariable} to the full path of libmpi.so.12 (MPICH, Intel MPI, MVAPICH, Cray MPICH).");
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static T Bind<T>(IntPtr handle, string name)
        where T : Delegate
    {
        if (!NativeLibrary.TryGetExport(handle, name, out var address))
        {
            throw new MpiException($"The MPI library does not export {name}: it is not a complete MPI-3 library with the MPICH ABI.");
        }

        return Marshal.GetDelegateForFunctionPointer<T>(address);
    }
}
