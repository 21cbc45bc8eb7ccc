using System.Globalization;
using MetaSemi.Cli.Commands;
using MetaSemi.Data;
using MetaSemi.Files;
using MetaSemi.Models;
using MetaSemi.Models.Onnx;
using Spectre.Console;

namespace MetaSemi.Cli.Running;

/// <summary><c>metasemi export</c>: a model file (or a checkpoint with its architecture) to an ONNX file (docs/design.md §8).</summary>
internal sealed class ExportHandler : ICommandHandler<ExportCommandOptions>
{
    public Task<int> RunAsync(ExportCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var (model, description, source) = options.Model is { } file
            ? Load(file)
            : FromCheckpoint(options);
        using (model)
        {
            model.eval();
            try
            {
                // Like train's --save-path, the output's folder is created when missing.
                if (Path.GetDirectoryName(Path.GetFullPath(options.Output)) is { } folder)
                {
                    Directory.CreateDirectory(folder);
                }

                OnnxExport.Save(model, description, options.Output);
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException)
            {
                throw new CliUserException($"cannot export {source}: {e.Message}", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUserException($"-o/--output '{options.Output}' cannot be written: {e.Message}", e);
            }
        }

        var p = description.Preprocessing;
        var bytes = new FileInfo(options.Output).Length;
        context.Console.MarkupLine(Markup.Escape(
            $"Wrote {options.Output} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, opset {OnnxExport.Opset}): {description.Architecture}, "
            + $"{description.ClassNames.Count} classes, input {p.Channels}×{p.ImageSize}×{p.ImageSize}, from {source}."));
        return Task.FromResult(0);
    }

    private static (FeatureModel, ModelDescription, string) Load(string file)
    {
        var (model, description) = ModelFileInput.Load(file, "--model");
        return (model, description, $"--model '{file}'");
    }

    private static (FeatureModel, ModelDescription, string) FromCheckpoint(ExportCommandOptions options)
    {
        var path = options.Checkpoint!;
        DatasetInputs.RequireArchitecture(options.Arch);
        var dataset = KnownDatasets.Get(options.Dataset);
        var classes = options.NumClasses ?? dataset.NumClasses;
        var names = options.ClassNames ?? Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (names.Count != classes)
        {
            throw new CliUserException($"--class-names gives {names.Count} names but the network has {classes} classes (--num-classes).");
        }

        var size = options.ImageSize ?? dataset.ImageSize;
        var description = new ModelDescription
        {
            Architecture = options.Arch,
            ClassNames = names,
            Preprocessing = new ImagePreprocessing
            {
                Channels = dataset.Channels,
                ImageSize = size,
                // ImageNet-style sets are evaluated with the shorter side at 256/224 of the crop (docs/design.md §3).
                ResizeShorterSide = dataset.ImageSize == KnownDatasets.ImageNet.ImageSize ? (int)Math.Round(size * 256.0 / 224.0) : null,
                Mean = dataset.Normalization.Mean,
                Std = dataset.Normalization.Std,
            },
        };
        var model = DatasetInputs.CreateModel(options.Arch, classes, dataset.Channels);
        try
        {
            DatasetInputs.LoadCheckpoint(path, model, options.Arch, "--checkpoint");
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return (model, description, $"--checkpoint '{path}' (-a {options.Arch})");
    }
}
