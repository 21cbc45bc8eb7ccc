using System.CommandLine;
using System.CommandLine.Parsing;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary><c>metasemi im2rec PREFIX ROOT</c>: parses into <see cref="Im2RecCommandOptions"/>, with im2rec.py's flags.</summary>
internal sealed class Im2RecCommand
{
    public Im2RecCommand()
    {
        Command.Arguments.Add(Prefix);
        Command.Arguments.Add(Root);
        Option[] all = [List, Recursive, Exts, Chunks, TrainRatio, TestRatio, NoShuffle, PassThrough, PackLabel, NumThread, Quality, Resize, CenterCrop, Color, Encoding, Seed, Verbose];
        foreach (var option in all)
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            result.ConvertAllGiven();
            var root = result.GetValue(Root);
            if (root is not null && !Directory.Exists(root))
            {
                result.AddError($"ROOT '{root}': no such folder (the images to list or pack).");
            }

            var prefix = result.GetValue(Prefix);
            if (prefix is not null && result.TryGet(List, out var makeList) && !makeList && !File.Exists(prefix + ".lst"))
            {
                result.AddError($"PREFIX '{prefix}': no list '{prefix}.lst' to pack; make it first with --list.");
            }

            if (result.TryGet(Quality, out var quality) && quality > 100)
            {
                result.AddError($"--quality {quality}: expected a JPEG quality between 1 and 100.");
            }

            if (result.TryGet(TrainRatio, out var trainRatio) && result.TryGet(TestRatio, out var testRatio) && trainRatio + testRatio > 1)
            {
                result.AddError($"--train-ratio {trainRatio} and --test-ratio {testRatio} add up to more than 1.");
            }

            if (result.TryGet(Color, out var color) && color > 1)
            {
                result.AddError($"--color {color}: expected 1 (colour), 0 (grey) or -1 (unchanged).");
            }

            if (result.TryGet(PassThrough, out var passThrough) && passThrough)
            {
                if (result.TryGet(Resize, out var resize) && resize != 0)
                {
                    result.AddError($"--resize {resize} with --pass-through: pass-through stores the files as they are; leave one of the two out.");
                }

                if (result.TryGet(CenterCrop, out var crop) && crop)
                {
                    result.AddError("--center-crop with --pass-through: pass-through stores the files as they are; leave one of the two out.");
                }
            }

            if (result.TryGet(Exts, out var exts) && exts.Any(e => !e.StartsWith('.')))
            {
                result.AddError($"--exts '{string.Join(' ', exts)}': each extension starts with a dot, e.g. .jpeg .png.");
            }
        });
    }

    public Command Command { get; } = new("im2rec", "Make an image list (--list) or pack a list into an MXNet RecordIO .rec/.idx (the reference's im2rec.py).");

    public Argument<string> Prefix { get; } = new("prefix") { Description = "Path prefix of the .lst/.rec/.idx files, e.g. ./train_label." };
    public Argument<string> Root { get; } = new("root") { Description = "Folder of the images, one sub-folder per class." };
    public Option<bool> List { get; } = Flag("--list", "Write PREFIX.lst (index, label, relative path) instead of packing.");
    public Option<bool> Recursive { get; } = Flag("--recursive", "Walk sub-folders, labelling each sub-folder as a class.");
    public Option<string[]> Exts { get; } = new("--exts") { Description = "Image file extensions to list.", DefaultValueFactory = _ => [".jpeg", ".jpg", ".png"], AllowMultipleArgumentsPerToken = true };
    public Option<int> Chunks { get; } = Int("--chunks", 1, "With --list: write this many lists of consecutive parts (PREFIX_0.lst, …).", 1);
    public Option<double> TrainRatio { get; } = Number("--train-ratio", 1.0, "With --list: share of each list in PREFIX_train.lst (below 1, the rest goes to _test and _val).", Fraction);
    public Option<double> TestRatio { get; } = Number("--test-ratio", 0.0, "With --list: share of each list in PREFIX_test.lst.", v => v is >= 0 and < 1 ? null : "a number in [0, 1)");
    public Option<bool> NoShuffle { get; } = Flag("--no-shuffle", "Keep the list in file order.");
    public Option<bool> PassThrough { get; } = Flag("--pass-through", "Store the image files as they are, without decoding (default: decode, resize, encode again).");
    public Option<bool> PackLabel { get; } = Flag("--pack-label", "Store every label of a multi-label list line (default: its first label only).");
    public Option<int> NumThread { get; } = Int("--num-thread", 1, "Worker threads.", 1);
    public Option<int> Quality { get; } = Int("--quality", 95, "JPEG quality when re-encoding (1-100).", 1);
    public Option<int> Resize { get; } = Int("--resize", 0, "Resize the shorter side to this many pixels when re-encoding (0: keep).", 0);
    public Option<bool> CenterCrop { get; } = Flag("--center-crop", "Keep the centred square of each image before resizing.");
    public Option<int> Color { get; } = Int("--color", 1, "Colours when re-encoding: 1 colour, 0 grey, -1 unchanged (keeps PNG transparency).", -1);
    public Option<string> Encoding { get; } = Choice("--encoding", ".jpg", "Format of the re-encoded images.", [".jpg", ".png"]);
    public Option<int> Seed { get; } = Int("--seed", ReferenceDefaults.Seed, "Seed of the list shuffle.", 0);
    public Option<bool> Verbose { get; } = Flag("--verbose", "Show stack traces of errors.");

    public Im2RecCommandOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Im2RecCommandOptions
        {
            Prefix = result.GetValue(Prefix)!,
            Root = result.GetValue(Root)!,
            List = result.GetValue(List),
            Recursive = result.GetValue(Recursive),
            Exts = [.. result.GetValue(Exts)!.Select(e => e.ToLowerInvariant())],
            Chunks = result.GetValue(Chunks),
            TrainRatio = result.GetValue(TrainRatio),
            TestRatio = result.GetValue(TestRatio),
            NoShuffle = result.GetValue(NoShuffle),
            PassThrough = result.GetValue(PassThrough),
            PackLabel = result.GetValue(PackLabel),
            NumThread = result.GetValue(NumThread),
            Quality = result.GetValue(Quality),
            Resize = result.GetValue(Resize),
            CenterCrop = result.GetValue(CenterCrop),
            Color = result.GetValue(Color),
            Encoding = result.GetValue(Encoding)!,
            Seed = result.GetValue(Seed),
            Verbose = result.GetValue(Verbose),
        };
    }
}
