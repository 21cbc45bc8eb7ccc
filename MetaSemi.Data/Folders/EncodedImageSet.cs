namespace MetaSemi.Data;

/// <summary>
/// A labelled collection of encoded images (JPEG, PNG…) read on demand — an image folder or a
/// RecordIO pack — so that large sets like ImageNet are never held in memory.
/// </summary>
public abstract class EncodedImageSet
{
    /// <summary>Number of images.</summary>
    public abstract int Count { get; }

    /// <summary>Class names, indexed by label.</summary>
    public abstract IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>Label of every image, in index order.</summary>
    public abstract IReadOnlyList<long> Labels { get; }

    /// <summary>The encoded bytes of image <paramref name="index"/>; safe to call from several threads.</summary>
    public abstract byte[] ReadEncoded(int index);

    /// <summary>Where image <paramref name="index"/> lives (file path, or pack and key), for error messages.</summary>
    public abstract string Describe(int index);
}
