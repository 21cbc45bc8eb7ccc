using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// RandAugment + Cutout as USB applies it for FixMatch and its successors (docs/design.md §7), batched on
/// tensors: per image <see cref="NumOps"/> operations drawn uniformly with replacement from the 14 of
/// <see cref="RandAugmentOp"/>, each with a value uniform in its <see cref="Range"/>, applied in turn;
/// then Cutout, a square of side uniform in [0, 0.5]·width around a uniform centre, filled with USB's
/// grey (125, 123, 114) — for 1-channel images its grey level 123.
/// </summary>
/// <remarks>
/// <para>Where it runs: on uint8 pixels after the weak augmentation's random crop and flip and before
/// the normalisation (docs/design.md §7: strong = weak, then RandAugment, then Cutout); see
/// <see cref="StrongAugmentation"/>. Every operation works on levels 0–255 and ends on whole levels
/// (clamped, blends and the smoothing floored or rounded as PIL's uint8 arithmetic), as PIL does after
/// each operation.</para>
/// <para>Rotate, ShearX/Y and TranslateX/Y sample through one affine grid for all the images whose
/// operation in a slot is geometric (<c>affine_grid</c> + nearest <c>grid_sample</c>, black outside,
/// pixel (x, y) being the square [x, x + 1) × [y, y + 1) as in PIL's transforms; a sample exactly on a
/// pixel edge may land on either side). Colour operations are tensor arithmetic on the images that drew
/// them; AutoContrast and Equalize use each image's (and channel's) own levels.</para>
/// <para>All randomness comes from the generator passed to <see cref="Draw"/>, so a batch is a pure
/// function of the generator's seed.</para>
/// </remarks>
public sealed class RandAugment
{
    /// <summary>Number of operations to choose from.</summary>
    public const int OpCount = 14;

    /// <summary>The largest Cutout side, as a fraction of the image width.</summary>
    public const double MaxCutout = 0.5;

    private static readonly double[] Minimum = [0, 0.05, 0.05, 0.05, 0, 0, 4, -30, 0.05, -0.3, -0.3, 0, -0.3, -0.3];
    private static readonly double[] Maximum = [1, 0.95, 0.95, 0.95, 1, 1, 8, 30, 0.95, 0.3, 0.3, 256, 0.3, 0.3];

    /// <summary>Creates the transform with <paramref name="numOps"/> operations per image (USB: 3).</summary>
    public RandAugment(int numOps = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numOps);
        NumOps = numOps;
    }

    /// <summary>Operations applied to each image before Cutout.</summary>
    public int NumOps { get; }

    /// <summary>The interval [Min, Max] the value of <paramref name="op"/> is drawn from (USB's <c>augment_list</c>).</summary>
    public static (double Min, double Max) Range(RandAugmentOp op)
    {
        int i = (int)op;
        if (i < 0 || i >= OpCount)
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, $"Expected one of the {OpCount} RandAugment operations.");
        }

        return (Minimum[i], Maximum[i]);
    }

    /// <summary>The Cutout fill level per channel: USB's (125, 123, 114) for 3 channels, its grey level 123 for 1.</summary>
    /// <exception cref="ArgumentException">The images have neither 1 nor 3 channels.</exception>
    public static IReadOnlyList<byte> CutoutFill(long channels) => channels switch
    {
        3 => [125, 123, 114],
        1 => [123],
        _ => throw new ArgumentException($"RandAugment works on 1- or 3-channel images; got {channels} channels.", nameof(channels)),
    };

    /// <summary>
    /// Draws the choices for <paramref name="batch"/> images from <paramref name="generator"/>, in this
    /// order: the operations (B×N), their uniforms (B×N), then Cutout's size and centre (B×3).
    /// </summary>
    public RandAugmentDraw Draw(long batch, torch.Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = torch.NewDisposeScope();
        var ops = torch.randint(0, OpCount, [batch, NumOps], dtype: torch.int64, generator: generator);
        var u = torch.rand([batch, NumOps], dtype: torch.float64, generator: generator);
        var cut = torch.rand([batch, 3], dtype: torch.float64, generator: generator);
        var min = torch.tensor(Minimum).index_select(0, ops.view(-1)).view(batch, NumOps);
        var max = torch.tensor(Maximum).index_select(0, ops.view(-1)).view(batch, NumOps);
        var values = min + ((max - min) * u);
        var draw = new RandAugmentDraw(
            ops.MoveToOuterDisposeScope(),
            values.MoveToOuterDisposeScope(),
            (cut[.., 0] * MaxCutout).contiguous().MoveToOuterDisposeScope(),
            cut[.., 1].contiguous().MoveToOuterDisposeScope(),
            cut[.., 2].contiguous().MoveToOuterDisposeScope());
        return draw;
    }

    /// <summary>Draws and applies: uint8 B×C×H×W (C 1 or 3) in, uint8 of the same shape out.</summary>
    public torch.Tensor Augment(torch.Tensor images, torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var draw = Draw(images.shape[0], generator);
        return Apply(images, draw);
    }

    /// <summary>Applies <paramref name="draw"/> to uint8 B×C×H×W images (C 1 or 3): each image's operations in column order, then Cutout.</summary>
    /// <exception cref="ArgumentException">The images are not uint8 B×C×H×W with C 1 or 3 and B the draw's count, or an operation is unknown.</exception>
    public static torch.Tensor Apply(torch.Tensor images, RandAugmentDraw draw)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(draw);
        if (images.dim() != 4 || images.dtype != torch.uint8 || images.shape[0] != draw.Count)
        {
            throw new ArgumentException(
                $"Expected uint8 B×C×H×W images with B = {draw.Count}; got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }

        var fill = CutoutFill(images.shape[1]);
        using var scope = torch.NewDisposeScope();
        var x = images.to(torch.float32);
        var ops = draw.Ops.data<long>().ToArray();
        var values = draw.Values.data<double>().ToArray();
        int slots = (int)draw.Ops.shape[1];
        for (int slot = 0; slot < slots; slot++)
        {
            ApplySlot(x, ops, values, slot, slots);
        }

        x = RandAugmentOps.Cutout(x, draw.CutoutSize, draw.CutoutCenterX, draw.CutoutCenterY, fill);
        return x.to(torch.uint8).MoveToOuterDisposeScope();
    }

    private static void ApplySlot(torch.Tensor x, long[] ops, double[] values, int slot, int slots)
    {
        long h = x.shape[2], w = x.shape[3];
        var byOp = new Dictionary<RandAugmentOp, List<long>>();
        var geometric = new List<long>();
        var theta = new List<float>();
        for (long i = 0; i < x.shape[0]; i++)
        {
            long code = ops[(i * slots) + slot];
            if (code < 0 || code >= OpCount)
            {
                throw new ArgumentException($"Operation {code} of image {i} is not a RandAugment operation (0–{OpCount - 1}).", nameof(ops));
            }

            var op = (RandAugmentOp)code;
            double v = values[(i * slots) + slot];
            if (RandAugmentOps.IsGeometric(op))
            {
                geometric.Add(i);
                theta.AddRange(RandAugmentOps.Theta(op, v, h, w));
            }
            else if (op != RandAugmentOp.Identity)
            {
                if (!byOp.TryGetValue(op, out var list))
                {
                    byOp[op] = list = [];
                }

                list.Add(i);
            }
        }

        if (geometric.Count > 0)
        {
            using var inner = torch.NewDisposeScope();
            var index = torch.tensor(geometric.ToArray());
            var thetas = torch.tensor(theta.ToArray()).view(geometric.Count, 2, 3);
            x.index_copy_(0, index, RandAugmentOps.Warp(x.index_select(0, index), thetas));
        }

        foreach (var (op, images) in byOp)
        {
            using var inner = torch.NewDisposeScope();
            var index = torch.tensor(images.ToArray());
            var v = torch.tensor(images.Select(i => (float)values[(i * slots) + slot]).ToArray()).view(-1, 1, 1, 1);
            x.index_copy_(0, index, RandAugmentOps.Colour(op, x.index_select(0, index), v));
        }
    }
}
