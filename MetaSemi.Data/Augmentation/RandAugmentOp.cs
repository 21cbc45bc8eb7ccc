namespace MetaSemi.Data;

/// <summary>
/// The operations of RandAugment as USB applies it for FixMatch (docs/design.md §7), in USB's order
/// (<c>semilearn/datasets/augmentation/randaugment.py</c>, <c>augment_list</c>). The value each takes
/// is drawn uniformly in <see cref="RandAugment.Range"/>.
/// </summary>
public enum RandAugmentOp
{
    /// <summary>Per image and channel, maps the darkest level to 0 and the brightest to 255 (identity when all levels are equal).</summary>
    AutoContrast = 0,

    /// <summary>Blends with black: <c>⌊f·x⌋</c>, factor f in [0.05, 0.95].</summary>
    Brightness = 1,

    /// <summary>Blends with the image's grey version, factor in [0.05, 0.95]; the identity for 1-channel images.</summary>
    Color = 2,

    /// <summary>Blends with the image's mean grey level, factor in [0.05, 0.95].</summary>
    Contrast = 3,

    /// <summary>Histogram equalisation per image and channel.</summary>
    Equalize = 4,

    /// <summary>Leaves the image as it is.</summary>
    Identity = 5,

    /// <summary>Keeps the ⌊v⌋ high bits of each level, v in [4, 8].</summary>
    Posterize = 6,

    /// <summary>Rotates counter-clockwise by v degrees about the centre, v in [−30, 30]; black fill.</summary>
    Rotate = 7,

    /// <summary>Blends with the image smoothed by the 3×3 kernel (1 1 1; 1 5 1; 1 1 1)/13 (border kept), factor in [0.05, 0.95].</summary>
    Sharpness = 8,

    /// <summary>Output (x, y) samples input (x + v·y, y) in pixel coordinates, v in [−0.3, 0.3]; black fill.</summary>
    ShearX = 9,

    /// <summary>Output (x, y) samples input (x, y + v·x), v in [−0.3, 0.3]; black fill.</summary>
    ShearY = 10,

    /// <summary>Inverts every level at or above the threshold t: <c>x ≥ t ? 255 − x : x</c>, t in [0, 256].</summary>
    Solarize = 11,

    /// <summary>Output (x, y) samples input (x + v·W, y), v in [−0.3, 0.3]; black fill.</summary>
    TranslateX = 12,

    /// <summary>Output (x, y) samples input (x, y + v·H), v in [−0.3, 0.3]; black fill.</summary>
    TranslateY = 13,
}
