using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi predict</c>: parses into <see cref="PredictCommandOptions"/>.</summary>
internal sealed class PredictCommand
{
    public PredictCommand()
    {
        Command.Arguments.Add(Images);
        Option[] all = [Model, TopK, Format, Output, BatchSize, Device, Gpu, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            result.RequireFile(Model, "the model file a training run wrote (model.metasemi)");
            foreach (var path in result.GetValue(Images) ?? [])
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    result.AddError($"'{path}': no such image file or folder.");
                }
            }

            result.CheckGpuAlias(Gpu, Device);
        });
    }

    public Command Command { get; } = new("predict", "Top-k classes with probabilities for images or folders of images, from a model file (no -a needed).");

    public Argument<string[]> Images { get; } = new("images") { Description = "Image files (JPEG, PNG, BMP, WebP, GIF) or folders of them (read with their sub-folders).", Arity = ArgumentArity.OneOrMore };
    public Option<string?> Model { get; } = Text("--model", "The model file a training run wrote (model.metasemi in its run folder).", required: true);
    public Option<int> TopK { get; } = Int("--top-k", 3, "Classes per image, most probable first.", 1);
    public Option<string> Format { get; } = Choice("--format", "table", "Output: table, csv or json.", ["table", "csv", "json"]);
    public Option<string?> Output { get; } = Text("--output", "Write the csv or json to this file instead of the console.");
    public Option<int> BatchSize { get; } = Int("--batch-size", 32, "Images per forward pass.", 1);
    public Option<string> Device { get; } = CliOptionFactory.Device();
    public Option<bool> Gpu { get; } = CliOptionFactory.Gpu();
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public PredictCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PredictCommandOptions
        {
            Model = result.GetValue(Model)!,
            Images = result.GetValue(Images)!,
            TopK = result.GetValue(TopK),
            Format = result.GetValue(Format)!,
            Output = result.GetValue(Output),
            BatchSize = result.GetValue(BatchSize),
            Device = CommandResultChecks.ResolveDevice(result, Gpu, Device),
            Verbose = result.GetValue(Verbose),
        };
    }
}
