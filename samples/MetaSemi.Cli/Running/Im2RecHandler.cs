using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi im2rec PREFIX ROOT</c>: with <c>--list</c>, writes <c>PREFIX.lst</c> (shuffled with --seed unless
/// --no-shuffle; with --recursive each sub-folder is a class, else the images directly in ROOT get label 0;
/// --chunks, --train-ratio and --test-ratio divide it as <see cref="Im2RecListParts"/> says);
/// without it, packs <c>PREFIX.lst</c> into <c>PREFIX.rec</c> + <c>PREFIX.idx</c>, re-encoding each image (--center-crop,
/// --color, --resize, --quality, --encoding, on --num-thread threads) or, with --pass-through, storing its file bytes.
/// </summary>
internal sealed class Im2RecHandler : ICommandHandler<Im2RecCommandOptions>
{
    public Task<int> RunAsync(Im2RecCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (options.List)
        {
            var entries = options.Recursive ? Im2Rec.ListFolder(options.Root, options.Exts) : ListFlat(options.Root, options.Exts);
            var ordered = entries.ToArray();
            if (!options.NoShuffle)
            {
                // Like the reference's im2rec: the lines are shuffled, each keeps its index.
                new Random(options.Seed).Shuffle(ordered);
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(options.Prefix + ".lst"));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            foreach (var (path, part) in Im2RecListParts.Split(options.Prefix, ordered, options.Chunks, options.TrainRatio, options.TestRatio))
            {
                ImageListFile.Write(path, part);
                int classes = part.Select(e => e.Labels[0]).Distinct().Count();
                context.Output.WriteLine($"{path}: {part.Length} images of {classes} classes.");
            }

            return Task.FromResult(0);
        }

        // Like im2rec.py: without --pass-through every image is decoded, resized and encoded again.
        var encoding = options.PassThrough ? null : new Im2RecEncoding
        {
            ResizeShorterSide = options.Resize,
            CenterCrop = options.CenterCrop,
            Color = options.Color switch { 0 => Im2RecColorMode.Grayscale, -1 => Im2RecColorMode.Unchanged, _ => Im2RecColorMode.Color },
            Quality = options.Quality,
            Format = options.Encoding == ".png" ? Im2RecImageFormat.Png : Im2RecImageFormat.Jpeg,
        };
        Im2Rec.Pack(options.Prefix + ".lst", options.Root, options.Prefix, encoding, options.NumThread, packAllLabels: options.PackLabel);
        int count = ImageListFile.Read(options.Prefix + ".lst").Count;
        context.Output.WriteLine($"{options.Prefix}.rec, {options.Prefix}.idx: {count} images packed from {options.Root}.");
        return Task.FromResult(0);
    }

    private static ImageListEntry[] ListFlat(string root, IReadOnlyList<string> extensions)
    {
        var exts = extensions.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var files = Directory.GetFiles(root).Where(f => exts.Contains(Path.GetExtension(f))).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new CliUserException($"ROOT '{root}' has no images with extensions {string.Join(", ", exts)} (pass --recursive to list one sub-folder per class).");
        }

        return [.. files.Select((f, i) => new ImageListEntry((ulong)i, [0f], f))];
    }
}
