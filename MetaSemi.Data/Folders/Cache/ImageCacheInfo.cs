namespace MetaSemi.Data;

/// <summary>The on-disk cache the unlabelled images of an <see cref="ImageFolderData"/> are read from.</summary>
/// <param name="Directory">The folder holding the cache's <c>pixels.u8</c> and <c>manifest.txt</c>.</param>
/// <param name="Rebuilt">Whether this load decoded the folder (false: the cache was up to date and only opened).</param>
/// <param name="Reason">Why it was (re)built — no cache yet, the folder changed, a damaged file — or that it was up to date.</param>
/// <param name="BuildSeconds">Wall time of the build (0 when only opened).</param>
/// <param name="Bytes">Size of <c>pixels.u8</c>: images × 3 × size × size.</param>
public sealed record ImageCacheInfo(string Directory, bool Rebuilt, string Reason, double BuildSeconds, long Bytes);
