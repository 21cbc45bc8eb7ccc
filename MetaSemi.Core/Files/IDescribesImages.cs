namespace MetaSemi.Files;

/// <summary>
/// A data source that knows what a model file must say about its images (docs/design.md §8): the class names in label order and
/// the test transform. <see cref="SemiSupervisedTrainerBuilder.WithModelFile()"/> reads it from the test source.
/// </summary>
public interface IDescribesImages
{
    /// <summary>The class names in label order, or null when the source does not know them.</summary>
    IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The test transform as a model file records it, or null when the source cannot describe it.</summary>
    ImagePreprocessing? Preprocessing { get; }
}
