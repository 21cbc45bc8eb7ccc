using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using static MetaSemi.Cli.Commands.CliOptionFactory;

namespace MetaSemi.Cli.Commands;

/// <summary>The options of <c>--dataset folders</c> (a user's own labeled/, unlabeled/ and test/ folders, docs/design.md §8).</summary>
internal sealed class FolderDataOptionSet
{
    /// <summary>The data set name of a user's own folders.</summary>
    public const string Dataset = "folders";

    public Option<int?> ImageSize { get; } = new("--image-size")
    {
        Description = "--dataset folders: side of the square network input in pixels (default: the architecture's natural size, 32; 224 for resnet18/resnet50; 128 for the pretrained resnet18-imagenet). "
            + "With --pretrained imagenet on any data set: the side the network resizes its input to, a multiple of 32 (default 64 for 28-px images, 128 for photos).",
        CustomParser = result => Positive(result, "--image-size"),
    };

    public Option<string> Channels { get; } = Choice("--channels", "auto",
        "--dataset folders: 1 (grey), 3 (colour) or auto (grey when every image is grey).", ["1", "3", "auto"]);

    public Option<int?> ValidationPerClass { get; } = new("--validation-per-class")
    {
        Description = "--dataset folders without test/: hold out K images of each class of labeled/ as the test set (drawn with --seed).",
        CustomParser = result => Positive(result, "--validation-per-class"),
    };

    public Option<bool> SkipBadImages { get; } = Flag("--skip-bad-images",
        "--dataset folders: skip images that cannot be decoded and list them in the run folder (skipped-images.txt) instead of stopping.");

    public Option<string> ImageCache { get; } = Choice("--image-cache", "auto",
        "--dataset folders: decode unlabeled/ once into an on-disk uint8 cache read batch by batch (on), keep it in memory (off), "
        + "or cache when the decoded images would take over a quarter of memory (auto). The cache is rebuilt when the folder changes.", ["auto", "on", "off"]);

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "--dataset folders: the folder under which image caches are kept (default: $XDG_CACHE_HOME/metasemi/image-cache, else ~/.cache/metasemi/image-cache; shared by every run).",
    };

    public IEnumerable<Option> All => [ImageSize, Channels, ValidationPerClass, SkipBadImages, ImageCache, CacheDir];

    /// <summary>The library's mode for --image-cache.</summary>
    public static MetaSemi.Data.ImageCacheMode ParseImageCache(string value) => value switch
    {
        "on" => MetaSemi.Data.ImageCacheMode.On,
        "off" => MetaSemi.Data.ImageCacheMode.Off,
        _ => MetaSemi.Data.ImageCacheMode.Auto,
    };

    /// <summary>1, 3 or null (auto).</summary>
    public static int? ParseChannels(string value) => value == "auto" ? null : int.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Folder options only with <c>--dataset folders</c>; there, no <c>--num-label</c> or <c>--label-indices</c> (every image of labeled/ is a label).</summary>
    /// <param name="result">The command's parse result.</param>
    /// <param name="dataset">--dataset.</param>
    /// <param name="numLabel">--num-label.</param>
    /// <param name="labelIndices">--label-indices.</param>
    /// <param name="pretrained">Whether the run trains the pretrained network, whose --image-size applies to every data set.</param>
    public void Validate(CommandResult result, Option<string> dataset, Option<int> numLabel, Option<string?> labelIndices, bool pretrained = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.TryGet(dataset, out var name))
        {
            return;
        }

        if (name == Dataset)
        {
            if (result.GetResult(numLabel) is { Implicit: false } && result.TryGet(numLabel, out var given) && given != 0)
            {
                result.AddError("--num-label does not apply to --dataset folders: every image under labeled/ is a label, and unlabeled/ holds the rest.");
            }

            if (result.GetResult(labelIndices) is { Implicit: false })
            {
                result.AddError("--label-indices does not apply to --dataset folders: the folders say which images are labelled.");
            }

            return;
        }

        if (name != "folder" && result.TryGet(numLabel, out var count) && count == 0)
        {
            result.AddError($"--num-label 0 (every labelled image) works for image folders only; --dataset {name} needs a number of labels.");
        }

        // args.json of any run lists every flag with its value: only a value other than the default is a mistake here.
        bool changed = (!pretrained && result.TryGet(ImageSize, out var size) && size is not null)
            || (result.TryGet(ValidationPerClass, out var k) && k is not null)
            || (result.TryGet(Channels, out var channels) && channels != "auto")
            || (result.TryGet(SkipBadImages, out var skip) && skip)
            || (result.TryGet(ImageCache, out var cache) && cache != "auto")
            || (result.TryGet(CacheDir, out var cacheDir) && cacheDir is not null);
        if (changed)
        {
            foreach (var option in All.Where(o => result.GetResult(o) is { Implicit: false } && !(pretrained && o == ImageSize)))
            {
                result.AddError($"{option.Name} applies to --dataset folders only (got --dataset {name}).");
            }
        }
    }

    private static int? Positive(ArgumentResult result, string name)
    {
        var text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            result.AddError($"{name} '{text}' is not a whole number >= 1.");
            return null;
        }

        return value;
    }
}
