using System.Reflection;
using System.Text.RegularExpressions;

namespace MetaSemi.Tests.Docs;

/// <summary>
/// The repository explains itself (issue 24, item 9): its sources cite its own design document, docs/design.md, by
/// section, never a specification file outside the repository, and every section they cite has a heading there.
/// </summary>
public sealed partial class DesignCitationTests
{
    // Built from pieces so that this file does not cite what it forbids.
    private const string OldSpec = "SP" + "EC";

    private static readonly string[] ForbiddenCitations = [OldSpec + " §", OldSpec + ".md", "ARCHITECTURE" + ".md"];

    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".md", ".props", ".targets", ".py", ".sh"];

    private static readonly string[] SkippedFolders = ["bin", "obj", ".git"];

    private static string RepositoryRoot =>
        typeof(DesignCitationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static string DesignDocument => Path.Combine(RepositoryRoot, "docs", "design.md");

    /// <summary>A citation: <c>docs/design.md §2.1.3</c> in code, <c>[design.md §7](design.md)</c> in the docs.</summary>
    [GeneratedRegex(@"design\.md §(\d+(?:\.\d+)*)")]
    private static partial Regex Citation();

    /// <summary>A numbered heading of docs/design.md: <c>### 2.1.3 The meta-gradient G</c>.</summary>
    [GeneratedRegex(@"^#{2,6} (\d+(?:\.\d+)*) ", RegexOptions.Multiline)]
    private static partial Regex NumberedHeading();

    [Fact]
    public void No_source_file_cites_a_specification_outside_the_repository()
    {
        var offending = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (ForbiddenCitations.Any(c => lines[i].Contains(c, StringComparison.Ordinal)))
                {
                    offending.Add($"{Path.GetRelativePath(RepositoryRoot, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(offending.Count == 0, "Cite docs/design.md instead:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Every_cited_section_of_the_design_document_has_a_heading()
    {
        var headings = NumberedHeading().Matches(File.ReadAllText(DesignDocument)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        int codeCitations = 0;
        foreach (var file in SourceFiles())
        {
            bool code = file.EndsWith(".cs", StringComparison.Ordinal);
            foreach (Match citation in Citation().Matches(File.ReadAllText(file)))
            {
                codeCitations += code ? 1 : 0;
                if (!headings.Contains(citation.Groups[1].Value))
                {
                    missing.Add($"§{citation.Groups[1].Value} ({Path.GetRelativePath(RepositoryRoot, file)})");
                }
            }
        }

        Assert.Empty(missing);
        Assert.True(codeCitations > 100, $"Expected the code to cite docs/design.md more than 100 times; found {codeCitations}.");
        Assert.Contains("2.1.3", headings);
    }

    private static IEnumerable<string> SourceFiles()
    {
        var folders = new Stack<string>([RepositoryRoot]);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(child), StringComparer.Ordinal))
                {
                    folders.Push(child);
                }
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (SourceExtensions.Contains(Path.GetExtension(file), StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }
}
