namespace MetaSemi.Data;

/// <summary>How far the build of an on-disk image cache has come.</summary>
/// <param name="Done">Files decoded so far.</param>
/// <param name="Total">Files to decode.</param>
public readonly record struct ImageCacheProgress(int Done, int Total);
