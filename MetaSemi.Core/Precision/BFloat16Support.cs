namespace MetaSemi;

/// <summary>
/// Whether <see cref="Precision.BFloat16"/> can run here (docs/precision.md): Linux, libtorch's autocast entry
/// points exported, a CPU with native bf16 arithmetic (the <c>avx512_bf16</c> or <c>amx_bf16</c> flag of
/// <c>/proc/cpuinfo</c>), and the CPU as the device (CUDA autocast is not wired up in this build).
/// </summary>
public static class BFloat16Support
{
    private static readonly Lazy<bool> CpuHasBf16 = new(() =>
    {
        try
        {
            return File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("flags", StringComparison.Ordinal))
                .Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "avx512_bf16" or "amx_bf16"));
        }
        catch (IOException)
        {
            return false;
        }
    });

    /// <summary>Why bf16 cannot run on <paramref name="device"/>, or null when it can.</summary>
    public static string? Unavailable(TorchSharp.torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Unavailable(device.type);
    }

    /// <summary>Why bf16 cannot run on a device of type <paramref name="deviceType"/>, or null when it can.</summary>
    public static string? Unavailable(TorchSharp.DeviceType deviceType)
    {
        if (deviceType != TorchSharp.DeviceType.CPU)
        {
            return $"bf16 autocast is implemented for the CPU only; the device is {deviceType.ToString().ToLowerInvariant()}";
        }

        if (AutocastNative.Unavailable is { } reason)
        {
            return reason;
        }

        return CpuHasBf16.Value ? null : "this CPU has no native bf16 arithmetic (neither avx512_bf16 nor amx_bf16 in /proc/cpuinfo), so bf16 would be slower than fp32";
    }
}
