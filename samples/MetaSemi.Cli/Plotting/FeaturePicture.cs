using MetaSemi.Cli.Tsne;
using static TorchSharp.torch;

namespace MetaSemi.Cli.Plotting;

/// <summary>
/// <c>plot-features</c> once the features are extracted: t-SNE of an N×D feature matrix, then
/// the scatter plot coloured by class with a marker per point kind, written as PNG.
/// </summary>
internal static class FeaturePicture
{
    /// <summary>The file name <c>plot-features</c> writes into its --save-path folder.</summary>
    public const string FileName = "features.png";

    public static TsneEmbedding Render(
        Tensor features, IReadOnlyList<int> labels, IReadOnlyList<PointKind> kinds, IReadOnlyList<string> classNames,
        string pngPath, TsneOptions? tsne = null, string? title = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(kinds);
        if (features.dim() != 2 || features.shape[0] != labels.Count || labels.Count != kinds.Count)
        {
            throw new ArgumentException($"Features [{string.Join(',', features.shape)}] need one label and one kind per row; got {labels.Count} labels and {kinds.Count} kinds.", nameof(features));
        }

        var embedding = TsneEmbedder.Embed(features, tsne, progress);
        FeatureScatterPlot.Save(embedding.Points, labels, kinds, classNames, pngPath, title: title);
        return embedding;
    }
}
