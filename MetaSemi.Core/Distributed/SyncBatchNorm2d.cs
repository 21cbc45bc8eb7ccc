using TorchSharp;
using TorchSharp.Modules;

namespace MetaSemi.Distributed;

/// <summary>
/// BatchNorm2d whose training-mode batch statistics are those of the union of all ranks' batches:
/// per-channel sum, sum of squares and count are all-reduced (one call per forward), and the
/// backward all-reduces their gradients, so input and weight gradients equal those of plain
/// BatchNorm2d over the union batch. Eval mode, and a group of one process, behave exactly like
/// BatchNorm2d. Parameter and buffer names are BatchNorm2d's (<c>weight</c>, <c>bias</c>,
/// <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>), so state dicts line up.
/// </summary>
/// <remarks>
/// Gradients follow data-parallel convention: each rank back-propagates its own loss, and the input
/// gradient on a rank is that of the sum of all ranks' losses; average parameter gradients with
/// <see cref="GradientAllReducer"/> as usual. Statistics are accumulated in float64 for float32 input,
/// so that <c>E[x²] − E[x]²</c> does not lose the variance to rounding. Every rank must run every
/// SyncBatchNorm2d forward and backward in the same order (the collectives pair up by order).
/// </remarks>
public sealed class SyncBatchNorm2d : BatchNorm
{
    private readonly ICommunicator _communicator;

    /// <summary>Creates the module with BatchNorm2d's defaults.</summary>
    /// <param name="numFeatures">C of an (N, C, H, W) input.</param>
    /// <param name="communicator">The group whose batches form the statistics.</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <param name="momentum">Weight of the new batch in the running statistics.</param>
    /// <param name="affine">Whether the module has a learnable per-channel scale and shift.</param>
    /// <param name="trackRunningStats">Whether running statistics are kept for eval mode.</param>
    /// <param name="device">Device of parameters and buffers.</param>
    /// <param name="dtype">Dtype of parameters and buffers.</param>
    public SyncBatchNorm2d(
        long numFeatures,
        ICommunicator communicator,
        double eps = 1e-5,
        double momentum = 0.1,
        bool affine = true,
        bool trackRunningStats = true,
        torch.Device? device = null,
        torch.ScalarType? dtype = null)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype, nameof(SyncBatchNorm2d))
    {
        ArgumentNullException.ThrowIfNull(communicator);
        _communicator = communicator;
    }

    /// <summary>The group whose batches form the statistics.</summary>
    public ICommunicator Communicator => _communicator;

    /// <summary>
    /// A SyncBatchNorm2d with the configuration, parameters, buffers, gradient flags and mode of
    /// <paramref name="source"/> (copied; <paramref name="source"/> is left as it is).
    /// </summary>
    /// <param name="source">The BatchNorm2d to replace.</param>
    /// <param name="communicator">The group whose batches form the statistics.</param>
    public static SyncBatchNorm2d FromBatchNorm(BatchNorm2d source, ICommunicator communicator)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reference = source.weight ?? source.running_mean;
        var result = new SyncBatchNorm2d(
            source.num_features,
            communicator,
            source.eps,
            source.momentum ?? 0.1,
            source.affine,
            source.track_running_stats,
            reference?.device,
            reference?.dtype);
        result.momentum = source.momentum;
        using (torch.no_grad())
        {
            CopyInto(result.weight, source.weight);
            CopyInto(result.bias, source.bias);
            CopyInto(result.running_mean, source.running_mean);
            CopyInto(result.running_var, source.running_var);
            if (result.num_batches_tracked is not null && source.num_batches_tracked is not null)
            {
                result.num_batches_tracked = source.num_batches_tracked.clone();
            }
        }

        if (source.weight is { } sourceWeight && result.weight is { } resultWeight)
        {
            resultWeight.requires_grad = sourceWeight.requires_grad;
        }

        if (source.bias is { } sourceBias && result.bias is { } resultBias)
        {
            resultBias.requires_grad = sourceBias.requires_grad;
        }

        result.train(source.training);
        return result;
    }

    /// <inheritdoc />
    public override torch.Tensor forward(torch.Tensor input)
    {
        ValidateInputDimensions(input);
        if (!training || _communicator.Size == 1)
        {
            return base.forward(input);
        }

        using var scope = torch.NewDisposeScope();
        long channels = num_features;
        if (input.shape[1] != channels)
        {
            throw new ArgumentException($"Expected {channels} channels, got input of shape [{string.Join(", ", input.shape)}].", nameof(input));
        }

        const torch.ScalarType statsType = torch.ScalarType.Float64;
        long[] reduceDims = [0, 2, 3];
        var localSum = input.sum(reduceDims, type: statsType);
        var localSquares = input.square().sum(reduceDims, type: statsType);
        var localCount = torch.full(1, (double)(input.numel() / channels), statsType, input.device);
        var global = AllReduceSumFunction.Apply(torch.cat([localSum, localSquares, localCount], 0), _communicator);

        var count = global[channels * 2];
        var mean = global.narrow(0, 0, channels) / count;
        var variance = global.narrow(0, channels, channels) / count - mean.square();
        var invStd = (variance + eps).rsqrt();

        var shape = new long[] { 1, channels, 1, 1 };
        var scale = affine ? invStd.to(input.dtype) * weight : invStd.to(input.dtype);
        var output = (input - mean.to(input.dtype).view(shape)) * scale.view(shape);
        if (affine)
        {
            output = output + bias!.view(shape);
        }

        if (track_running_stats && running_mean is not null && running_var is not null)
        {
            UpdateRunningStatistics(mean, variance, count);
        }

        return output.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void ValidateInputDimensions(torch.Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ndim != 4)
        {
            throw new ArgumentException($"SyncBatchNorm2d expects a 4-D (N, C, H, W) input, got {input.ndim}-D.", nameof(input));
        }
    }

    private void UpdateRunningStatistics(torch.Tensor mean, torch.Tensor variance, torch.Tensor count)
    {
        using var noGrad = torch.no_grad();
        double factor = momentum ?? 0.0;
        if (num_batches_tracked is not null)
        {
            num_batches_tracked.add_(1);
            if (momentum is null)
            {
                // Cumulative average, as BatchNorm2d does without momentum.
                factor = 1.0 / num_batches_tracked.to(torch.ScalarType.Float64).item<double>();
            }
        }

        // Running variance is the unbiased estimate over the union batch, as in BatchNorm2d.
        var unbiased = variance.detach() * count.detach() / (count.detach() - 1);
        running_mean!.mul_(1 - factor).add_(mean.detach().to(running_mean.dtype), alpha: factor);
        running_var!.mul_(1 - factor).add_(unbiased.to(running_var.dtype), alpha: factor);
    }

    private static void CopyInto(torch.Tensor? target, torch.Tensor? source)
    {
        if (target is not null && source is not null)
        {
            target.copy_(source);
        }
    }
}
