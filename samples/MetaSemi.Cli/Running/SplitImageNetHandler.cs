using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// <c>metasemi split-imagenet</c>: decides the labelled images (the --split-file list, or --labeled-fraction
/// of each class drawn with --seed), writes <c>labeled.txt</c> and <c>unlabeled.txt</c> next to <c>train/</c>,
/// and materialises <c>labeled/</c> and <c>unlabeled/</c> from them.
/// </summary>
internal sealed class SplitImageNetHandler : ICommandHandler<SplitImageNetCommandOptions>
{
    public Task<int> RunAsync(SplitImageNetCommandOptions options, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var trainRoot = Path.Combine(options.DataPath, "train");
        var all = Im2Rec.ListFolder(trainRoot).Select(e => e.RelativePath).ToArray();
        IReadOnlyList<string> labeled;
        if (options.SplitFile is { } given)
        {
            labeled = SplitMaterializer.ReadList(given);
            var known = all.ToHashSet(StringComparer.Ordinal);
            if (labeled.FirstOrDefault(e => !known.Contains(e)) is { } missing)
            {
                throw new CliUserException($"--split-file '{given}' names '{missing}', which is not an image under {trainRoot}.");
            }
        }
        else
        {
            labeled = Draw(all, options.LabeledFraction, options.Seed);
        }

        var inLabeled = labeled.ToHashSet(StringComparer.Ordinal);
        var unlabeled = all.Where(e => !inLabeled.Contains(e)).ToArray();
        var labeledList = Path.Combine(options.DataPath, "labeled.txt");
        var unlabeledList = Path.Combine(options.DataPath, "unlabeled.txt");
        if (options.SplitFile is null || Path.GetFullPath(options.SplitFile) != Path.GetFullPath(labeledList))
        {
            File.WriteAllLines(labeledList, labeled);
        }

        File.WriteAllLines(unlabeledList, unlabeled);
        var result = SplitMaterializer.Materialize(trainRoot, labeledList, unlabeledList, options.DataPath);
        context.Output.WriteLine($"{options.DataPath}: {labeled.Count} labelled and {unlabeled.Length} unlabelled images ({result.Linked} hard-linked, {result.Copied} copied, {result.AlreadyPresent} already in place); lists {labeledList}, {unlabeledList}.");
        return Task.FromResult(0);
    }

    /// <summary>The same fraction of every class (at least one image each), each class shuffled with the seed.</summary>
    private static string[] Draw(IReadOnlyList<string> all, double fraction, int seed)
    {
        var random = new Random(seed);
        var chosen = new List<string>();
        foreach (var group in all.GroupBy(e => e[..e.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal))
        {
            var files = group.ToArray();
            random.Shuffle(files);
            int take = Math.Max(1, (int)Math.Round(fraction * files.Length, MidpointRounding.AwayFromZero));
            chosen.AddRange(files.Take(take).Order(StringComparer.Ordinal));
        }

        return [.. chosen];
    }
}
