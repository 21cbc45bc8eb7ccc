using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The run folder's self-describing model file (SPEC §8): after training, the best weights (<c>model_best</c>, else
/// the last) with the architecture, class names, preprocessing and how they were trained, as
/// <see cref="ModelFile.FileName"/> beside <c>checkpoint</c>.
/// </summary>
internal static class RunModelFile
{
    /// <summary>The description of a network trained on <paramref name="inputs"/>; <paramref name="result"/> fills in steps and accuracy.</summary>
    public static ModelDescription Describe(TrainingRunSettings s, TrainingData inputs, TrainingResult? result, bool fromBest) => new()
    {
        Architecture = s.Arch,
        ClassNames = inputs.ClassNames,
        Preprocessing = inputs.Preprocessing,
        Training = new TrainingSummary
        {
            Algorithm = s.Method,
            Dataset = s.Dataset,
            Labels = inputs.Split.Labeled.Count,
            Steps = result is null ? null : fromBest ? result.BestStep : result.Steps,
            TestAccuracy = result is null || double.IsNaN(result.BestAccuracy) ? null : fromBest ? result.BestAccuracy : result.LastEvaluation?.Top1,
        },
    };

    /// <summary>Loads <c>model_best</c> (when the run has one) into <paramref name="model"/> and writes the model file; returns its path.</summary>
    public static string Write(TrainingRunSettings s, TrainingData inputs, FeatureModel model, TrainingResult result)
    {
        string best = Path.Combine(s.SavePath, "model_best");
        bool fromBest = File.Exists(best);
        if (fromBest)
        {
            Checkpoint.LoadModel(best, model);
        }

        string path = Path.Combine(s.SavePath, ModelFile.FileName);
        ModelFile.Save(path, model, Describe(s, inputs, result, fromBest));
        return path;
    }

    /// <summary>Lists the images a <c>--skip-bad-images</c> run skipped (an empty file when none were).</summary>
    public static void WriteSkipped(TrainingRunSettings s, TrainingData inputs)
    {
        if (s.SkipBadImages)
        {
            SkippedImage.WriteList(Path.Combine(s.SavePath, SkippedImage.ListFileName), inputs.Skipped);
        }
    }
}
