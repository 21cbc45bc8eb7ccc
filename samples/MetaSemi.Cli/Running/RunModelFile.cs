using MetaSemi.Data;
using MetaSemi.Files;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The run folder's self-describing model file (docs/design.md §8): what the CLI knows about the network (architecture, class
/// names, preprocessing, data set, labels); the trainer writes it as <see cref="ModelFile.FileName"/> with the
/// evaluated weights whenever it writes <c>model_best</c>.
/// </summary>
internal static class RunModelFile
{
    /// <summary>
    /// The description of a network trained on <paramref name="inputs"/>, for the trainer's
    /// <see cref="SemiSupervisedTrainerBuilder.WithModelFile(MetaSemi.Files.ModelDescription)"/>: the trainer fills in the steps and the test accuracy of
    /// the weights it evaluated.
    /// </summary>
    public static ModelDescription Describe(TrainingRunSettings s, TrainingData inputs) => new()
    {
        Architecture = s.Arch,
        ClassNames = inputs.ClassNames,
        Preprocessing = inputs.Preprocessing,
        Training = new TrainingSummary
        {
            Algorithm = s.Method,
            Dataset = s.Dataset,
            Labels = inputs.Split.Labeled.Count,
        },
    };

    /// <summary>Lists the images a <c>--skip-bad-images</c> run skipped (an empty file when none were).</summary>
    public static void WriteSkipped(TrainingRunSettings s, TrainingData inputs)
    {
        if (s.SkipBadImages)
        {
            SkippedImage.WriteList(Path.Combine(s.SavePath, SkippedImage.ListFileName), inputs.Skipped);
        }
    }
}
