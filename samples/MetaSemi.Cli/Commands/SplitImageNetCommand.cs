using System.CommandLine;
using System.CommandLine.Parsing;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi split-imagenet</c>: parses into <see cref="SplitImageNetCommandOptions"/>.</summary>
internal sealed class SplitImageNetCommand
{
    public SplitImageNetCommand()
    {
        Option[] all = [DataPath, SplitFile, LabeledFraction, Seed, Link, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            if (result.TryGet(DataPath, out var dataPath) && dataPath is not null)
            {
                if (!Directory.Exists(dataPath))
                {
                    result.RequireDirectory(dataPath, "--data-path", "the ImageNet download");
                }
                else if (!Directory.Exists(Path.Combine(dataPath, "train")))
                {
                    result.AddError($"--data-path '{dataPath}' has no train/ folder (one sub-folder of images per class).");
                }
            }

            result.RequireFile(SplitFile, "class/file lines of the labelled images");
        });
    }

    public Command Command { get; } = new("split-imagenet", "Copy ImageNet's train/ into labeled/ and unlabeled/ folders (the reference's split_imagenet.py).");

    public Option<string?> DataPath { get; } = Text("--data-path", "The ImageNet folder holding train/ (and val/).", required: true);
    public Option<string?> SplitFile { get; } = Text("--split-file", "List of class/file lines naming the labelled images (default: draw --labeled-fraction per class).");
    public Option<double> LabeledFraction { get; } = Number("--labeled-fraction", ReferenceDefaults.ImageNetLabeledFraction, "Fraction of each class to label when no --split-file is given.", Fraction);
    public Option<int> Seed { get; } = Int("--seed", ReferenceDefaults.Seed, "Seed of the drawn split.", 0);
    public Option<bool> Link { get; } = Flag("--link", "Hard-link files instead of copying them (same file system only).");
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public SplitImageNetCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SplitImageNetCommandOptions
        {
            DataPath = result.GetValue(DataPath)!,
            SplitFile = result.GetValue(SplitFile),
            LabeledFraction = result.GetValue(LabeledFraction),
            Seed = result.GetValue(Seed),
            Link = result.GetValue(Link),
            Verbose = result.GetValue(Verbose),
        };
    }
}
