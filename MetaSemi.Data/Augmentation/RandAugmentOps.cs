using TorchSharp;
using static TorchSharp.torch.nn.functional;

namespace MetaSemi.Data;

/// <summary>
/// The operations of <see cref="RandAugment"/> on float32 B×C×H×W tensors holding whole levels 0–255;
/// each returns whole levels again. The value tensors are float32 B×1×1×1.
/// </summary>
internal static class RandAugmentOps
{
    public static bool IsGeometric(RandAugmentOp op) =>
        op is RandAugmentOp.Rotate or RandAugmentOp.ShearX or RandAugmentOp.ShearY or RandAugmentOp.TranslateX or RandAugmentOp.TranslateY;

    /// <summary>
    /// The <c>affine_grid</c> matrix (row-major 2×3, normalised coordinates, align_corners false) of a
    /// geometric operation whose input point, in pixel coordinates, is p_in = A·p_out + t.
    /// </summary>
    public static float[] Theta(RandAugmentOp op, double v, long h, long w)
    {
        double a00 = 1, a01 = 0, a10 = 0, a11 = 1, tx = 0, ty = 0;
        switch (op)
        {
            case RandAugmentOp.ShearX:
                a01 = v;
                break;
            case RandAugmentOp.ShearY:
                a10 = v;
                break;
            case RandAugmentOp.TranslateX:
                tx = v * w;
                break;
            case RandAugmentOp.TranslateY:
                ty = v * h;
                break;
            case RandAugmentOp.Rotate:
                // PIL's rotate: counter-clockwise on screen (y down) about the centre (W/2, H/2).
                double r = v * Math.PI / 180.0, cos = Math.Cos(r), sin = Math.Sin(r), cx = w / 2.0, cy = h / 2.0;
                (a00, a01, a10, a11) = (cos, -sin, sin, cos);
                tx = cx - ((cos * cx) - (sin * cy));
                ty = cy - ((sin * cx) + (cos * cy));
                break;
            default:
                throw new ArgumentException($"{op} is not a geometric operation.", nameof(op));
        }

        // p = S·(u + 1) with S = diag(W/2, H/2) maps normalised u to pixel coordinates, so
        // u_in = S⁻¹A S·u_out + S⁻¹(A S·1 + t) − 1.
        double sx = w / 2.0, sy = h / 2.0;
        double b0 = ((a00 * sx) + (a01 * sy) + tx) / sx - 1;
        double b1 = ((a10 * sx) + (a11 * sy) + ty) / sy - 1;
        return [(float)a00, (float)(a01 * sy / sx), (float)b0, (float)(a10 * sx / sy), (float)a11, (float)b1];
    }

    /// <summary>Nearest-neighbour sampling through <paramref name="theta"/> (n×2×3), black outside the image.</summary>
    public static torch.Tensor Warp(torch.Tensor x, torch.Tensor theta)
    {
        using var grid = affine_grid(theta, x.shape, align_corners: false);
        return grid_sample(x, grid, torch.GridSampleMode.Nearest, torch.GridSamplePaddingMode.Zeros, align_corners: false);
    }

    /// <summary>A colour operation with per-image values <paramref name="v"/> (float32 n×1×1×1).</summary>
    public static torch.Tensor Colour(RandAugmentOp op, torch.Tensor x, torch.Tensor v) => op switch
    {
        RandAugmentOp.AutoContrast => AutoContrast(x),
        RandAugmentOp.Brightness => Blend(torch.zeros_like(x), x, v),
        RandAugmentOp.Color => x.shape[1] == 1 ? x.clone() : Blend(Grey(x).expand_as(x), x, v),
        RandAugmentOp.Contrast => Blend(MeanGrey(x).expand_as(x), x, v),
        RandAugmentOp.Equalize => Equalize(x),
        RandAugmentOp.Identity => x.clone(),
        RandAugmentOp.Posterize => Posterize(x, v),
        RandAugmentOp.Sharpness => Blend(Smooth(x), x, v),
        RandAugmentOp.Solarize => torch.where(x.ge(v), 255 - x, x),
        _ => throw new ArgumentException($"{op} is not a colour operation.", nameof(op)),
    };

    /// <summary>PIL's blend of a degenerate image and the image, on uint8: ⌊d + f·(x − d)⌋ clamped to 0–255.</summary>
    public static torch.Tensor Blend(torch.Tensor degenerate, torch.Tensor x, torch.Tensor f) =>
        (degenerate + (f * (x - degenerate))).floor_().clamp_(0, 255);

    /// <summary>PIL's grey level of RGB (ITU-R 601-2 in 16-bit fixed point, rounded): n×1×H×W; the image itself for 1 channel.</summary>
    public static torch.Tensor Grey(torch.Tensor x)
    {
        if (x.shape[1] == 1)
        {
            return x.clone();
        }

        // Every partial sum is a whole number below 2^24, exact in float32.
        var sum = (x[.., 0..1] * 19595f) + (x[.., 1..2] * 38470f) + (x[.., 2..3] * 7471f) + 32768f;
        return sum.div_(65536f).floor_();
    }

    /// <summary>PIL's Contrast degenerate: the mean grey level of each image, rounded half up (n×1×1×1).</summary>
    private static torch.Tensor MeanGrey(torch.Tensor x) =>
        Grey(x).to(torch.float64).mean([1, 2, 3], keepdim: true).add_(0.5).floor_().to(torch.float32);

    /// <summary>Per image and channel: ⌊(x − lo)·255 / (hi − lo)⌋, the identity where hi = lo.</summary>
    private static torch.Tensor AutoContrast(torch.Tensor x)
    {
        var lo = x.amin([2, 3], keepdim: true);
        var hi = x.amax([2, 3], keepdim: true);
        var range = hi - lo;
        var stretched = ((x - lo) * 255f).div_(range.clamp_min(1)).floor_().clamp_(0, 255);
        return torch.where(range.gt(0), stretched, x);
    }

    /// <summary>
    /// PIL's equalize per image and channel: step = ⌊(N − h[top]) / 255⌋ with N the pixel count and
    /// h[top] the count of the brightest level present; level i maps to ⌊(⌊step/2⌋ + Σ_{j&lt;i} h[j]) / step⌋
    /// (at most 255); the identity when step is 0.
    /// </summary>
    private static torch.Tensor Equalize(torch.Tensor x)
    {
        long n = x.shape[0], c = x.shape[1], pixels = x.shape[2] * x.shape[3];
        var levels = x.to(torch.int64).view(n * c, pixels);
        // One histogram per (image, channel): bin 256·row + level of one bincount.
        var rows = torch.arange(n * c, dtype: torch.int64).mul_(256).view(n * c, 1);
        var hist = (levels + rows).view(-1).bincount(null, n * c * 256).view(n * c, 256);
        var top = hist.gather(1, levels.amax([1], keepdim: true));
        var step = (pixels - top).div(255, rounding_mode: torch.RoundingMode.floor);
        var below = hist.cumsum(1, torch.int64) - hist;
        var lut = (below + step.div(2, rounding_mode: torch.RoundingMode.floor))
            .div(step.clamp_min(1), rounding_mode: torch.RoundingMode.floor)
            .clamp_max_(255);
        lut = torch.where(step.gt(0), lut, torch.arange(256, dtype: torch.int64).view(1, 256));
        return lut.gather(1, levels).view(n, c, x.shape[2], x.shape[3]).to(torch.float32);
    }

    /// <summary>Keeps ⌊v⌋ (1–8) high bits: ⌊x / 2^(8−bits)⌋ · 2^(8−bits).</summary>
    private static torch.Tensor Posterize(torch.Tensor x, torch.Tensor v)
    {
        var quantum = torch.pow(2f, 8 - v.floor().clamp(1, 8));
        return (x / quantum).floor_().mul_(quantum);
    }

    /// <summary>PIL's SMOOTH filter ((1 1 1; 1 5 1; 1 1 1)/13, rounded) inside the image, the border pixels unchanged.</summary>
    private static torch.Tensor Smooth(torch.Tensor x)
    {
        long h = x.shape[2], w = x.shape[3];
        var result = x.clone();
        if (h < 3 || w < 3)
        {
            return result;
        }

        // The 3×3 window sum as nine shifted slices (whole numbers, exact in float32), plus 4 × the centre.
        var sum = x.narrow(2, 1, h - 2).narrow(3, 1, w - 2) * 4f;
        for (int dy = 0; dy < 3; dy++)
        {
            for (int dx = 0; dx < 3; dx++)
            {
                sum.add_(x.narrow(2, dy, h - 2).narrow(3, dx, w - 2));
            }
        }

        result.narrow(2, 1, h - 2).narrow(3, 1, w - 2).copy_(sum.div_(13f).add_(0.5f).floor_());
        return result;
    }

    /// <summary>
    /// USB's Cutout: side s = size·W; top-left ⌊max(0, cx·W − s/2)⌋, ⌊max(0, cy·H − s/2)⌋; the square
    /// covers columns x0 ≤ x ≤ min(W, x0 + s) and the same for rows (PIL's rectangle includes its end);
    /// nothing where size is 0.
    /// </summary>
    public static torch.Tensor Cutout(torch.Tensor x, torch.Tensor size, torch.Tensor centerX, torch.Tensor centerY, IReadOnlyList<byte> fill)
    {
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var side = (size * w).view(n, 1, 1, 1);
        var x0 = ((centerX * w).view(n, 1, 1, 1) - (side / 2)).clamp_min(0).floor();
        var y0 = ((centerY * h).view(n, 1, 1, 1) - (side / 2)).clamp_min(0).floor();
        var x1 = (x0 + side).clamp_max(w);
        var y1 = (y0 + side).clamp_max(h);
        var cols = torch.arange(w, dtype: torch.float64).view(1, 1, 1, w);
        var rows = torch.arange(h, dtype: torch.float64).view(1, 1, h, 1);
        var mask = side.gt(0)
            .logical_and(cols.ge(x0)).logical_and(cols.le(x1))
            .logical_and(rows.ge(y0)).logical_and(rows.le(y1));
        var levels = torch.tensor(fill.Select(b => (float)b).ToArray()).view(1, c, 1, 1);
        return torch.where(mask, levels, x);
    }
}
