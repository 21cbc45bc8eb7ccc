using System.Runtime.InteropServices;

namespace MetaSemi;

/// <summary>
/// The entry points of libtorch's autocast state that TorchSharp 0.107 does not wrap (docs/precision.md): C++
/// functions of <c>at::autocast</c> exported by <c>libtorch_cpu</c>, found by their Itanium-mangled names (Linux; other
/// platforms mangle differently and report them missing). The only type that touches them.
/// </summary>
internal static class AutocastNative
{
    private const sbyte CpuDevice = 0;   // c10::DeviceType::CPU
    private const sbyte BFloat16 = 15;   // c10::ScalarType::BFloat16

    private static readonly Lazy<Entries?> Loaded = new(Load);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabled(sbyte device, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool IsEnabled(sbyte device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetDtype(sbyte device, sbyte dtype);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int Nesting();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ClearCache();

    /// <summary>Why the entry points cannot be used here, or null when they can.</summary>
    public static string? Unavailable => !OperatingSystem.IsLinux()
        ? "bf16 autocast is implemented for Linux only (libtorch's C++ entry points are found by their Linux names)"
        : Loaded.Value is null ? "libtorch_cpu does not export at::autocast::set_autocast_enabled and its companions" : null;

    /// <summary>Whether CPU autocast is on.</summary>
    public static bool Enabled => Require().IsEnabled(CpuDevice);

    /// <summary>Turns CPU autocast on (to bf16) or off.</summary>
    public static void Enable(bool on)
    {
        var e = Require();
        if (on)
        {
            e.SetDtype(CpuDevice, BFloat16);
        }

        e.SetEnabled(CpuDevice, on);
    }

    /// <summary>Enters a nesting level (as <c>torch.autocast.__enter__</c> does).</summary>
    public static void Enter() => Require().Increment();

    /// <summary>Leaves a nesting level; the outermost exit clears the cache of bf16 copies of the weights.</summary>
    public static void Exit()
    {
        var e = Require();
        if (e.Decrement() == 0)
        {
            e.ClearCache();
        }
    }

    /// <summary>Drops the cached bf16 copies of the weights now (the next autocast forward casts them again).</summary>
    public static void DropCache() => Require().ClearCache();

    private static Entries Require() => Loaded.Value ?? throw new PlatformNotSupportedException(Unavailable);

    private static Entries? Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // TorchSharp has loaded libtorch_cpu by now; dlopen of the same name returns the loaded library.
        TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(TorchSharp.torch).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out var library)
            && !NativeLibrary.TryLoad("libtorch_cpu.so", out library))
        {
            return null;
        }

        T? Get<T>(string name)
            where T : Delegate => NativeLibrary.TryGetExport(library, name, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;

        var setEnabled = Get<SetEnabled>("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb");
        var isEnabled = Get<IsEnabled>("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE");
        var setDtype = Get<SetDtype>("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE");
        var increment = Get<Nesting>("_ZN2at8autocast17increment_nestingEv");
        var decrement = Get<Nesting>("_ZN2at8autocast17decrement_nestingEv");
        var clear = Get<ClearCache>("_ZN2at8autocast11clear_cacheEv");
        return setEnabled is null || isEnabled is null || setDtype is null || increment is null || decrement is null || clear is null
            ? null
            : new Entries(setEnabled, isEnabled, setDtype, increment, decrement, clear);
    }

    private sealed record Entries(SetEnabled SetEnabled, IsEnabled IsEnabled, SetDtype SetDtype, Nesting Increment, Nesting Decrement, ClearCache ClearCache);
}
