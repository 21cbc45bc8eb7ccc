namespace MetaSemi.Tests.Packaging;

/// <summary>
/// Copies what packing some of the libraries needs out of the repository — the shared build files and the named
/// project folders without their bin/ and obj/ — so a packaging test packs a clean tree and leaves the checkout alone.
/// </summary>
internal static class RepositorySources
{
    private static readonly string[] SharedFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "README.md", "LICENSE"];

    /// <summary>Copies the shared files and each of <paramref name="folders"/> (paths relative to <paramref name="repository"/>) into <paramref name="destination"/>.</summary>
    public static void Copy(string repository, string destination, IEnumerable<string> folders)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in SharedFiles)
        {
            File.Copy(Path.Combine(repository, file), Path.Combine(destination, file));
        }

        foreach (var folder in folders)
        {
            var from = Path.Combine(repository, folder);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
                {
                    continue;
                }

                var target = Path.Combine(destination, folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
