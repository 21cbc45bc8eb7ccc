using TorchSharp;

namespace MetaSemi.Benchmarks;

/// <summary>The <c>Device</c> parameter: <c>cpu</c> always, <c>cuda</c> only where libtorch sees a GPU.</summary>
public static class BenchmarkDevices
{
    /// <summary>Devices to benchmark on this machine.</summary>
    public static IEnumerable<string> Available =>
        torch.cuda.is_available() ? ["cpu", "cuda"] : ["cpu"];

    /// <summary>Waits for queued GPU work so that a benchmark times the computation, not its launch.</summary>
    public static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.synchronize(device);
        }
    }
}
