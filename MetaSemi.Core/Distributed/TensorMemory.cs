using System.Runtime.InteropServices;
using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>The address of a tensor's first element, for handing tensor memory to native libraries without a copy.</summary>
internal static class TensorMemory
{
    /// <summary>The address of the first element of <paramref name="tensor"/> (host or device memory, as the tensor lives).</summary>
    public static IntPtr DataPointer(torch.Tensor tensor)
    {
        var pointer = NativeMethods.THSTensor_data(tensor.Handle);
        if (pointer == IntPtr.Zero && tensor.numel() > 0)
        {
            throw new InvalidOperationException($"libtorch returned no data pointer for a {tensor.dtype} tensor of shape [{string.Join(", ", tensor.shape)}] on {tensor.device}.");
        }

        return pointer;
    }

    private static class NativeMethods
    {
        // TorchSharp's own native library (already loaded by TorchSharp): at::Tensor::data_ptr(), storage offset included.
        [DllImport("LibTorchSharp")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr THSTensor_data(IntPtr tensorHandle);
    }
}
