namespace MetaSemi.Data;

/// <summary>What <see cref="SplitMaterializer.Materialize"/> did.</summary>
/// <param name="Linked">Files hard-linked.</param>
/// <param name="Copied">Files copied (hard links impossible).</param>
/// <param name="AlreadyPresent">Files already in place from an earlier run.</param>
public sealed record MaterializeResult(int Linked, int Copied, int AlreadyPresent);

/// <summary>
/// Materialises the ImageNet labelled/unlabelled split (docs/design.md §3): given list files of
/// <c>class/file</c> lines, fills <c>labeled/</c> and <c>unlabeled/</c> with hard links to the
/// training images (copies where links are impossible). Resumable and idempotent: copies go through a
/// temporary name and are renamed when complete, and files already in place are left alone.
/// </summary>
public static class SplitMaterializer
{
    private const string PartialSuffix = ".partial";

    /// <summary>Reads a split list: one <c>class/file</c> per line (blank lines ignored).</summary>
    /// <exception cref="DataFormatException">A line is not exactly <c>class/file</c> or escapes the folder.</exception>
    public static IReadOnlyList<string> ReadList(string path)
    {
        var entries = new List<string>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            string t = text.Trim().Replace('\\', '/');
            if (t.Length == 0)
            {
                continue;
            }

            string[] parts = t.Split('/');
            if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p == "." || p == ".."))
            {
                throw DataFormatException.AtItem(path, line, $"'{text}' is not 'class/file'.");
            }

            entries.Add(t);
        }

        return entries;
    }

    /// <summary>
    /// Links the images of <paramref name="labeledList"/> and <paramref name="unlabeledList"/> from
    /// <paramref name="trainRoot"/> into <c>outputRoot/labeled</c> and <c>outputRoot/unlabeled</c>.
    /// </summary>
    /// <exception cref="DataFormatException">A list is malformed or an image is in both lists.</exception>
    /// <exception cref="FileNotFoundException">A listed image is missing under <paramref name="trainRoot"/>.</exception>
    public static MaterializeResult Materialize(string trainRoot, string labeledList, string unlabeledList, string outputRoot)
    {
        var labeled = ReadList(labeledList);
        var unlabeled = ReadList(unlabeledList);
        var inLabeled = labeled.ToHashSet(StringComparer.Ordinal);
        string? clash = unlabeled.FirstOrDefault(inLabeled.Contains);
        if (clash is not null)
        {
            throw DataFormatException.InFile(unlabeledList, $"'{clash}' is also in {labeledList}; the two parts must be disjoint.");
        }

        int linked = 0, copied = 0, present = 0;
        foreach (var (list, entries, part) in new[] { (labeledList, labeled, "labeled"), (unlabeledList, unlabeled, "unlabeled") })
        {
            foreach (string entry in entries)
            {
                string source = Path.Combine(trainRoot, entry);
                string target = Path.Combine(outputRoot, part, entry);
                var sourceInfo = new FileInfo(source);
                if (!sourceInfo.Exists)
                {
                    throw new FileNotFoundException($"{list}: image '{entry}' is missing under {trainRoot}.", source);
                }

                var targetInfo = new FileInfo(target);
                if (targetInfo.Exists && targetInfo.Length == sourceInfo.Length)
                {
                    present++;
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (targetInfo.Exists)
                {
                    File.Delete(target);
                }

                if (HardLink.TryCreate(target, source))
                {
                    linked++;
                }
                else
                {
                    string partial = target + PartialSuffix;
                    File.Copy(source, partial, overwrite: true);
                    File.Move(partial, target, overwrite: true);
                    copied++;
                }
            }
        }

        return new MaterializeResult(linked, copied, present);
    }
}
