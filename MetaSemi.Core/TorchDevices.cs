using TorchSharp;

namespace MetaSemi;

/// <summary>Parses the device names users type (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>) into TorchSharp devices.</summary>
public static class TorchDevices
{
    /// <summary>
    /// Parses <paramref name="name"/> without touching the device, so that a configuration can be
    /// validated on a machine that lacks it.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</exception>
    public static (DeviceType Type, int Index) Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu")
        {
            return (DeviceType.CPU, -1);
        }

        if (text == "cuda")
        {
            return (DeviceType.CUDA, -1);
        }

        if (text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            return (DeviceType.CUDA, index);
        }

        throw new ArgumentException($"Unknown device '{name}': expected 'cpu', 'cuda' or 'cuda:N' (N = 0, 1, ...).", nameof(name));
    }

    /// <summary>
    /// Resolves <paramref name="name"/> to a usable device, checking that CUDA is present when asked for.
    /// </summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for but the loaded backend has none.</exception>
    public static torch.Device Resolve(string name)
    {
        var (type, index) = Parse(name);
        if (type == DeviceType.CUDA)
        {
            if (!torch.cuda.is_available())
            {
                throw new InvalidOperationException(
                    $"Device '{name}' was requested but CUDA is not available: reference a CUDA backend package (libtorch-cuda-12.8-linux-x64 or -win-x64) and run on a machine with an NVIDIA GPU, or use 'cpu'.");
            }

            int count = torch.cuda.device_count();
            if (index >= count)
            {
                throw new InvalidOperationException($"Device '{name}' was requested but only {count} CUDA device(s) exist.");
            }
        }

        return torch.device(type, index < 0 ? -1 : index);
    }
}
