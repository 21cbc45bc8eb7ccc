using System.CommandLine;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi check-data</c>: parses into <see cref="CheckDataCommandOptions"/>.</summary>
internal sealed class CheckDataCommand
{
    public CheckDataCommand()
    {
        Command.Arguments.Add(Path);
        Command.Options.Add(Pretrained);
        Command.Options.Add(ImageSize);
        Command.Options.Add(Verbose);
        Command.Validators.Add(result =>
        {
            if (result.GetValue(Path) is { } path && !Directory.Exists(path))
            {
                result.AddError($"'{path}': no such folder (expected labeled/<class>/…, optionally unlabeled/… and test/<class>/…).");
            }

            if (result.GetValue(ImageSize) % 32 != 0)
            {
                result.AddError($"--image-size {result.GetValue(ImageSize)}: the pretrained network takes a multiple of 32.");
            }
        });
    }

    public Command Command { get; } = new("check-data", "Scan a --dataset folders layout before a long run: images per class, sizes, grey or colour, every unreadable file; exits 1 when a file cannot be read.");

    public Argument<string> Path { get; } = new("path") { Description = "The folder holding labeled/, and optionally unlabeled/ and test/." };
    public Option<string> Pretrained { get; } = Choice("--pretrained", PretrainedOptionSet.None,
        "imagenet: also compute the ImageNet ResNet-18's features of every image (once, with progress) and report, per class, how far the unlabelled images sit from the labelled ones; images farther from their nearest class than any of its labelled images are flagged (likely of no labelled class).",
        [PretrainedOptionSet.None, PretrainedOptionSet.ImageNet]);

    public Option<int> ImageSize { get; } = Int("--image-size", MetaSemi.Models.ArchitectureInputSize.Natural(MetaSemi.Models.ModelZoo.ImageNetResNet18),
        "--pretrained: the side images are decoded at for the features (a multiple of 32; 64 is enough for small images).", 32);

    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public CheckDataCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CheckDataCommandOptions { Path = result.GetValue(Path)!, Pretrained = result.GetValue(Pretrained)!, ImageSize = result.GetValue(ImageSize), Verbose = result.GetValue(Verbose) };
    }
}
