using System.Globalization;
using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// Reads a user's own image folders (docs/design.md §8) into memory: <c>labeled/&lt;class&gt;/…</c>,
/// <c>unlabeled/…</c> and <c>test/&lt;class&gt;/…</c> (see <see cref="ImageFolderLayout"/>), every image
/// decoded once through <see cref="ImagePreprocessor"/> at <see cref="ImageFolderOptions.ImageSize"/>
/// (centre square of the shorter side), grey or colour as <see cref="ImageFolderOptions.Channels"/> says.
/// </summary>
/// <example>
/// <code>
/// using var folders = ImageFolders.Load("photos", new ImageFolderOptions { ImageSize = 32, ValidationPerClass = 10 });
/// using var data = folders.CreateTrainingData(batchSize: 32, seed: 1);
/// </code>
/// </example>
public static class ImageFolders
{
    /// <summary>Lists and decodes the folders under <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">The layout is wrong, an image cannot be decoded (without <see cref="ImageFolderOptions.SkipBadImages"/>), or a class has too few images for the validation split; the message names the file or folder.</exception>
    public static ImageFolderData Load(string root, ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var layout = ImageFolderLayout.Scan(root);
        if (layout.Test is not null && options.ValidationPerClass is { } asked)
        {
            throw DataFormatException.InFile(Path.Combine(root, ImageFolderLayout.TestFolder),
                $"exists, so no validation split is held out of {ImageFolderLayout.LabeledFolder}/; drop the validation split ({asked} per class) or remove {ImageFolderLayout.TestFolder}/.");
        }

        var rgb = new ImagePreprocessor(3, options.ImageSize, options.ImageSize);
        var skipped = new List<SkippedImage>();
        var labeled = Decode(rgb, layout.Labeled.Select(f => f.Path).ToArray(), options, skipped, out var labeledKept);
        bool onDisk = ImageCachePolicy.ShouldCache(options.ImageCache, layout.Unlabeled.Count, options.ImageSize, ImageCachePolicy.AvailableBytes());
        string[] unlabeledKept;
        torch.Tensor unlabeled;
        ImageCache? cache = null;
        if (onDisk)
        {
            // The unlabelled images go to disk a chunk at a time and are never one tensor (docs/design.md §8).
            cache = ImageCache.OpenOrBuild(root, layout.Unlabeled, rgb, options.CacheDirectory ?? ImageCacheLocation.DefaultRoot, options.CacheProgress);
            unlabeledKept = Kept(layout.Unlabeled, cache.Manifest.Skipped, options, skipped);
            unlabeled = torch.empty([0, 3, options.ImageSize, options.ImageSize], torch.ScalarType.Byte);
        }
        else
        {
            unlabeled = Decode(rgb, layout.Unlabeled, options, skipped, out unlabeledKept);
        }

        ImageCacheReader? reader = null;
        string[] testKept = [];
        torch.Tensor? test = layout.Test is { } testFiles ? Decode(rgb, testFiles.Select(f => f.Path).ToArray(), options, skipped, out testKept) : null;
        try
        {
            var labelOf = layout.Labeled.ToDictionary(f => f.Path, f => (long)f.Label, StringComparer.Ordinal);
            long[] labels = labeledKept.Select(p => labelOf[p]).ToArray();
            RequireEveryClass(layout, labels, Path.Combine(root, ImageFolderLayout.LabeledFolder));
            int channels = options.Channels ?? (IsGrey(labeled) && IsGrey(unlabeled) && (cache?.Manifest.Grey ?? true) && (test is null || IsGrey(test)) ? 1 : 3);
            var preprocessor = new ImagePreprocessor(channels, options.ImageSize, options.ImageSize);

            // Held-out validation: the first K of each class in a seeded shuffle leave the labelled set.
            string testSource = layout.Test is not null ? $"{ImageFolderLayout.TestFolder}/" : "none";
            string[] testPaths = [];
            long[] testLabels = [];
            long[] trainRows = Enumerable.Range(0, labels.Length).Select(i => (long)i).ToArray();
            if (layout.Test is not null)
            {
                var testLabelOf = layout.Test.ToDictionary(f => f.Path, f => (long)f.Label, StringComparer.Ordinal);
                testPaths = testKept;
                testLabels = testPaths.Select(p => testLabelOf[p]).ToArray();
            }
            else if (options.ValidationPerClass is { } k)
            {
                var held = HoldOut(labels, layout, k, options.Seed, root);
                testLabels = held.Select(i => labels[i]).ToArray();
                testPaths = held.Select(i => labeledKept[i]).ToArray();
                var heldSet = held.ToHashSet();
                trainRows = trainRows.Where(i => !heldSet.Contains((int)i)).ToArray();
                using var heldIndex = torch.tensor(held.Select(i => (long)i).ToArray());
                test = labeled.index_select(0, heldIndex);
                testSource = string.Create(CultureInfo.InvariantCulture, $"{k} per class held out of {ImageFolderLayout.LabeledFolder}/");
            }

            torch.Tensor training;
            ImageDataset? testSet;
            using (var scope = torch.NewDisposeScope())
            {
                using var rows = torch.tensor(trainRows);
                training = ImagePreprocessor.ToChannels(torch.cat([labeled.index_select(0, rows), unlabeled], 0), channels).MoveToOuterDisposeScope();
                testSet = test is null
                    ? null
                    : new ImageDataset(ImagePreprocessor.ToChannels(test.alias(), channels).MoveToOuterDisposeScope(), torch.tensor(testLabels).MoveToOuterDisposeScope(), layout.ClassNames);
            }

            Normalization normalization;
            if (cache is null)
            {
                normalization = Normalization.FromImages(training);
            }
            else
            {
                // The same chunks over labelled-then-cached rows as over the in-memory tensor: the same numbers.
                reader = cache.OpenReader(channels);
                var rows = new ConcatenatedRows(new TensorRows(training), reader);
                normalization = Normalization.FromChunks(rows.Count, options.ImageSize, options.ImageSize, rows.Range);
            }

            long[] trainLabels = trainRows.Select(i => labels[i]).ToArray();
            string[] trainPaths = trainRows.Select(i => labeledKept[(int)i]).ToArray();
            return new ImageFolderData(layout, preprocessor, training, trainLabels, testSet, testSource,
                trainPaths, unlabeledKept, testPaths, skipped, normalization, reader, cache?.Info);
        }
        catch
        {
            reader?.Dispose();
            throw;
        }
        finally
        {
            labeled.Dispose();
            unlabeled.Dispose();
            test?.Dispose();
        }
    }

    private static torch.Tensor Decode(ImagePreprocessor rgb, IReadOnlyList<string> paths, ImageFolderOptions options, List<SkippedImage> skipped, out string[] kept)
    {
        var (images, failures) = rgb.DecodeRgb(paths.Count, i => File.ReadAllBytes(paths[i]), i => paths[i]);
        try
        {
            kept = Kept(paths, failures, options, skipped);
        }
        catch
        {
            images.Dispose();
            throw;
        }

        return images;
    }

    /// <summary>The files of <paramref name="paths"/> a cache decoded; its failures are skipped or stop the load as <see cref="Decode"/>'s do.</summary>
    private static string[] Kept(IReadOnlyList<string> paths, IReadOnlyList<SkippedImage> failures, ImageFolderOptions options, List<SkippedImage> skipped)
    {
        if (failures.Count > 0 && !options.SkipBadImages)
        {
            throw DataFormatException.InFile(failures[0].Path,
                $"{failures[0].Reason} Fix or remove the file, or skip unreadable images (--skip-bad-images){(failures.Count > 1 ? $"; {failures.Count - 1} more in this folder" : string.Empty)}.");
        }

        skipped.AddRange(failures);
        var bad = failures.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return paths.Where(p => !bad.Contains(p)).ToArray();
    }

    /// <summary>Whether every pixel of uint8 B×3×H×W <paramref name="rgb"/> has R = G = B (true for none).</summary>
    internal static bool IsGrey(torch.Tensor rgb)
    {
        if (rgb.shape[0] == 0)
        {
            return true;
        }

        using var scope = torch.NewDisposeScope();
        return rgb[.., 0].eq(rgb[.., 1]).logical_and(rgb[.., 1].eq(rgb[.., 2])).all().item<bool>();
    }

    private static void RequireEveryClass(ImageFolderLayout layout, long[] labels, string labeledRoot)
    {
        var counts = new int[layout.ClassNames.Count];
        foreach (long label in labels)
        {
            counts[label]++;
        }

        int empty = Array.IndexOf(counts, 0);
        if (empty >= 0)
        {
            throw DataFormatException.InFile(Path.Combine(labeledRoot, layout.ClassNames[empty]), "has no readable image left after skipping the unreadable ones.");
        }
    }

    private static int[] HoldOut(long[] labels, ImageFolderLayout layout, int perClass, int seed, string root)
    {
        var random = new Random(seed);
        var held = new List<int>();
        for (int c = 0; c < layout.ClassNames.Count; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            if (members.Length <= perClass)
            {
                throw DataFormatException.InFile(Path.Combine(root, ImageFolderLayout.LabeledFolder, layout.ClassNames[c]),
                    $"has {members.Length} readable image(s); holding out {perClass} for validation needs at least {perClass + 1}.");
            }

            random.Shuffle(members);
            held.AddRange(members.Take(perClass));
        }

        held.Sort();
        return held.ToArray();
    }
}
