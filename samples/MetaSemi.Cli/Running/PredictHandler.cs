using System.Globalization;
using System.Text;
using System.Text.Json;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi predict</c>: the top-k classes of images from a model file, as a table, CSV or JSON.</summary>
internal sealed class PredictHandler : ICommandHandler<PredictCommandOptions>
{
    public async Task<int> RunAsync(PredictCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var files = ListImages(options.Images);
        ImageClassifier classifier;
        try
        {
            classifier = ImageClassifier.Load(options.Model, TorchDevices.Resolve(options.Device));
        }
        catch (InvalidDataException e)
        {
            throw new CliUserException($"--model '{options.Model}' {(ModelFile.IsModelFile(options.Model) ? "cannot be read" : "is not a model file (a run writes one as model.metasemi; checkpoints need -a and evaluate)")}: {e.Message}", e);
        }

        using (classifier)
        {
            var predictions = new List<ImagePrediction>();
            foreach (var chunk in files.Chunk(options.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                predictions.AddRange(classifier.Predict(chunk, options.TopK, options.BatchSize));
            }

            string text = options.Format switch
            {
                "csv" => Csv(files, predictions),
                "json" => Json(files, predictions),
                _ => Table(files, predictions, Math.Min(options.TopK, classifier.ClassNames.Count)),
            };
            if (options.Output is { } output)
            {
                await File.WriteAllTextAsync(output, text, cancellationToken).ConfigureAwait(false);
                await context.Output.WriteLineAsync($"{files.Count} image(s) predicted; {options.Format} written to {output}").ConfigureAwait(false);
            }
            else
            {
                if (options.Format == "table")
                {
                    await context.Output.WriteLineAsync(Describe(options.Model, classifier.Description)).ConfigureAwait(false);
                }

                await context.Output.WriteAsync(text).ConfigureAwait(false);
            }
        }

        return 0;
    }

    /// <summary>Files as given, and every image file under each folder (its sub-folders too), in ordinal order.</summary>
    internal static List<string> ListImages(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*", SearchOption.AllDirectories).Where(ImageFileTypes.IsImage).Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0)
                {
                    throw new CliUserException($"'{path}' holds no image files ({string.Join(", ", ImageFileTypes.Extensions)}).");
                }

                files.AddRange(found);
            }
            else
            {
                files.Add(path);
            }
        }

        return files;
    }

    private static string Describe(string path, ModelDescription d)
    {
        var p = d.Preprocessing;
        var t = d.Training;
        var accuracy = t?.TestAccuracy is double a ? ", test accuracy " + a.ToString("P2", CultureInfo.InvariantCulture) : string.Empty;
        var trained = t is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; trained {t.Algorithm} on {t.Dataset}, {t.Labels} labels, step {t.Steps}{accuracy}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{path}: {d.Architecture}, {d.ClassNames.Count} classes, input {p.Channels}×{p.ImageSize}×{p.ImageSize}{trained}");
    }

    private static string Table(List<string> files, List<ImagePrediction> predictions, int k)
    {
        string[] header = ["image", .. Enumerable.Range(1, k).Select(i => $"top-{i}")];
        var rows = new List<string[]> { header };
        rows.AddRange(files.Select((f, i) => (string[])[f, .. predictions[i].Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.ClassName} {c.Probability:P1}"))]));
        int columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))));
        }

        return text.ToString();
    }

    private static string Csv(List<string> files, List<ImagePrediction> predictions)
    {
        var text = new StringBuilder("image,rank,class,class_index,probability\n");
        for (int i = 0; i < files.Count; i++)
        {
            for (int r = 0; r < predictions[i].Count; r++)
            {
                var c = predictions[i][r];
                text.Append(CultureInfo.InvariantCulture, $"{Quote(files[i])},{r + 1},{Quote(c.ClassName)},{c.ClassIndex},{c.Probability.ToString("R", CultureInfo.InvariantCulture)}\n");
            }
        }

        return text.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Json(List<string> files, List<ImagePrediction> predictions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            for (int i = 0; i < files.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("image", files[i]);
                writer.WriteStartArray("predictions");
                foreach (var c in predictions[i])
                {
                    writer.WriteStartObject();
                    writer.WriteString("className", c.ClassName);
                    writer.WriteNumber("classIndex", c.ClassIndex);
                    writer.WriteNumber("probability", c.Probability);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }
}
