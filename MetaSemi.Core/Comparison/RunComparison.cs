namespace MetaSemi.Comparison;

/// <summary>
/// Finished runs side by side: the run folders a trainer wrote (<see cref="RunSummary"/> reads each), grouped into
/// methods per label count (<see cref="MethodSummary.Group"/>), with the comparison table of final and best test
/// error, wall and training time and load (<see cref="ComparisonTable"/>). <c>metasemi compare</c> prints this
/// table and draws its pictures from <see cref="Methods"/>.
/// </summary>
/// <example>
/// <code>
/// var comparison = RunComparison.Read(["runs/label-efficiency"]);
/// foreach (var method in comparison.Methods)
/// {
///     Console.WriteLine($"{method.LabelCount} labels, {method.Method}: {100 * method.MeanError:F2} % test error");
/// }
/// File.WriteAllText("comparison.md", comparison.ToMarkdown());
/// </code>
/// </example>
public sealed class RunComparison
{
    private RunComparison(IReadOnlyList<RunSummary> runs)
    {
        Runs = runs;
        Methods = MethodSummary.Group(runs);
    }

    /// <summary>Every run read, in the order of <see cref="FindRunFolders"/>.</summary>
    public IReadOnlyList<RunSummary> Runs { get; }

    /// <summary>The runs grouped into methods: by label count (unknown first, the ceiling last), then in order of first appearance.</summary>
    public IReadOnlyList<MethodSummary> Methods { get; }

    /// <summary>Reads the runs of <paramref name="paths"/>: each a run folder, or a folder whose sub-folders are run folders.</summary>
    /// <exception cref="DirectoryNotFoundException">A path is neither a run folder nor a folder.</exception>
    /// <exception cref="InvalidDataException">A path holds no run folder, or a run's files are damaged; the message names the file.</exception>
    public static RunComparison Read(IEnumerable<string> paths) => new([.. FindRunFolders(paths).Select(RunSummary.Read)]);

    /// <summary>The comparison table with its notes, as Markdown (<see cref="ComparisonTable.ToMarkdown"/>).</summary>
    public string ToMarkdown() => ComparisonTable.ToMarkdown(Methods);

    /// <summary>
    /// Each path that is a run folder (it holds <c>metrics.csv</c>), or else its sub-folders that are, sorted by name;
    /// in the order of <paramref name="paths"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A path is neither a run folder nor a folder.</exception>
    /// <exception cref="InvalidDataException">A folder holds no <c>metrics.csv</c> and no run folder that does.</exception>
    public static IReadOnlyList<string> FindRunFolders(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var folders = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(Path.Combine(path, MetricsCsvWriter.FileName)))
            {
                folders.Add(path);
                continue;
            }

            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"'{path}' is not a folder.");
            }

            var children = Directory.GetDirectories(path).Where(d => File.Exists(Path.Combine(d, MetricsCsvWriter.FileName)))
                .Order(StringComparer.Ordinal).ToArray();
            if (children.Length == 0)
            {
                throw new InvalidDataException($"'{path}' holds no {MetricsCsvWriter.FileName} and no run folder that does.");
            }

            folders.AddRange(children);
        }

        return folders;
    }
}
