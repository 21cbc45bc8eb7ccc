using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Benchmarks;

/// <summary>
/// The reproducer of docs/reliability.md's "Narrow convolutions": the gradients of one float32 convolution
/// (3×Cin×8×8 input, padding k/2) against the same convolution in float64, for output channel counts on and off the
/// 16-channel block, kernels 1×1 and 3×3, one and two libtorch threads, and the input in the default (NCHW) and in the
/// channels-last (NHWC) layout. Each cell is the largest relative error (max |g32 − g64| / max |g64|) over
/// <c>[repeats]</c> draws; float32's own rounding gives about 1e-7, a wrong kernel 1e-2 to 1 or NaN.
/// </summary>
public static class ConvCheckRun
{
    private static readonly long[] OutputChannels = [1, 2, 4, 8, 10, 12, 15, 16, 17, 24, 32];

    /// <summary>Prints one row per (input channels, kernel, threads, output channels).</summary>
    /// <exception cref="ArgumentException">The argument is not a positive whole number of repeats.</exception>
    public static void Execute(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int repeats = 5;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out repeats) || repeats < 1))
        {
            throw new ArgumentException($"conv-check takes a positive number of repeats; got '{args[0]}'.", nameof(args));
        }

        MachineInfo.Print(Console.Out);
        Console.WriteLine($"// conv-check: {repeats} draws per row; relative error of float32 against float64 (1e-7 is rounding)");
        Console.WriteLine("| Cin | kernel | threads | Cout | input grad, NCHW | input grad, channels-last | weight grad, NCHW |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var inputChannels in new long[] { 4, 16 })
        {
            foreach (var kernel in new long[] { 1, 3 })
            {
                foreach (var threads in new[] { 1, 2 })
                {
                    torch.set_num_threads(threads);
                    foreach (var outputChannels in OutputChannels)
                    {
                        var errors = new double[3];
                        for (int r = 0; r < repeats; r++)
                        {
                            var e = Measure(inputChannels, outputChannels, kernel, seed: r);
                            for (int i = 0; i < errors.Length; i++)
                            {
                                errors[i] = double.IsNaN(e[i]) || double.IsNaN(errors[i]) ? double.NaN : Math.Max(errors[i], e[i]);
                            }
                        }

                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {inputChannels} | {kernel}×{kernel} | {threads} | {outputChannels} | {Cell(errors[0])} | {Cell(errors[1])} | {Cell(errors[2])} |"));
                    }
                }
            }
        }

        MachineInfo.PrintLoad(Console.Out);
    }

    private static string Cell(double error) => double.IsNaN(error) ? "NaN" : error >= 1e-4 ? $"**{error:G2}**" : error.ToString("G2", CultureInfo.InvariantCulture);

    /// <summary>Relative errors of the input gradient (NCHW, channels-last) and the weight gradient (NCHW).</summary>
    private static double[] Measure(long inputChannels, long outputChannels, long kernel, int seed)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(seed);
        var x = randn(3, inputChannels, 8, 8);
        var w = randn(outputChannels, inputChannels, kernel, kernel);
        var gy = randn(3, outputChannels, 8, 8);
        var (x64, w64) = Gradients(x.to(float64), w.to(float64), gy.to(float64));
        var (x32, w32) = Gradients(x, w, gy);
        var (xcl, _) = Gradients(ChannelsLast(x), ChannelsLast(w), ChannelsLast(gy));
        return [Relative(x32, x64), Relative(xcl, x64), Relative(w32, w64)];
    }

    private static (Tensor Input, Tensor Weight) Gradients(Tensor x, Tensor w, Tensor gy)
    {
        var xx = x.detach().requires_grad_();
        var ww = w.detach().requires_grad_();
        var y = nn.functional.conv2d(xx, ww, padding: [w.shape[2] / 2, w.shape[3] / 2]);
        y.backward([gy]);
        return (xx.grad!.to(float64), ww.grad!.to(float64));
    }

    /// <summary>The same values in the channels-last (NHWC) layout, the shape still N×C×H×W.</summary>
    private static Tensor ChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private static double Relative(Tensor value, Tensor reference) =>
        (value - reference).abs().max().item<double>() / reference.abs().max().item<double>();
}
