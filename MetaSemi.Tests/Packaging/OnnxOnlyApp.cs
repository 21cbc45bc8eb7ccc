using System.Reflection;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// The app that only predicts (docs/design.md §8), as a user makes it: MetaSemi.Onnx packed alone from a copy of this
/// repository's sources into a local feed, a fresh console app whose only package reference is that package,
/// published for linux-x64 (framework-dependent). Disposing deletes the folders and the packed version from
/// the NuGet cache.
/// </summary>
internal sealed class OnnxOnlyApp : IDisposable
{
    /// <summary>The one library the app references.</summary>
    public const string Library = "MetaSemi.Onnx";

    private readonly string _root = Directory.CreateTempSubdirectory("metasemi-onnx-app-").FullName;
    private readonly string _version = $"0.1.0-pack.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    private OnnxOnlyApp()
    {
        ProjectFolder = Path.Combine(_root, "app");
        PublishFolder = Path.Combine(ProjectFolder, "publish");
    }

    /// <summary>The app's project folder (its sources, obj/, bin/ and publish/).</summary>
    public string ProjectFolder { get; }

    /// <summary>What <c>dotnet publish</c> wrote: everything the app ships.</summary>
    public string PublishFolder { get; }

    /// <summary>Every file under the project folder whose name mentions torch (TorchSharp, LibTorchSharp, libtorch).</summary>
    public IReadOnlyList<string> TorchFiles => Directory.GetFiles(ProjectFolder, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase))
        .ToList();

    /// <summary>The published files, largest first.</summary>
    public IReadOnlyList<FileInfo> PublishedFiles => Directory.GetFiles(PublishFolder, "*", SearchOption.AllDirectories)
        .Select(f => new FileInfo(f))
        .OrderByDescending(f => f.Length)
        .ToList();

    /// <summary>Packs <see cref="Library"/>, writes a console app with <paramref name="program"/> as its Program.cs, and publishes it.</summary>
    public static OnnxOnlyApp Publish(string program)
    {
        var app = new OnnxOnlyApp();
        try
        {
            var source = Path.Combine(app._root, "src");
            // Directory.Build.targets imports Core's buildTransitive targets; MetaSemi.Onnx references nothing else.
            RepositorySources.Copy(Path.GetFullPath(Metadata("RepositoryRoot")), source, [Library, "MetaSemi.Core/buildTransitive"]);
            var feed = Path.Combine(app._root, "feed");
            ChildProcess.Run(source, "dotnet", "pack", $"{Library}/{Library}.csproj", "-c", "Release", "-o", feed, $"-p:Version={app._version}", "-p:IncludeSymbols=false");
            Assert.True(File.Exists(Path.Combine(feed, $"{Library}.{app._version}.nupkg")), $"{Library} was not packed");

            ConsumerApp.Write(app.ProjectFolder, feed, [(Library, app._version)], program);
            ChildProcess.Run(app.ProjectFolder, "dotnet", "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", app.PublishFolder);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>Runs the published app with <paramref name="arguments"/>; returns what it printed.</summary>
    public string Run(params string[] arguments) =>
        ChildProcess.Run(ProjectFolder, "dotnet", [Path.Combine(PublishFolder, "Consumer.dll"), .. arguments]);

    /// <summary>One line: the published files' count and bytes, and the largest files.</summary>
    public string DescribeSize()
    {
        var files = PublishedFiles;
        long bytes = files.Sum(f => f.Length);
        return $"published app: {files.Count} files, {bytes:N0} bytes ({bytes / 1e6:F1} MB); largest: "
            + string.Join(", ", files.Take(4).Select(f => $"{f.Name} {f.Length / 1e6:F1} MB"));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);

        // The packed version is unique to this app; leave no trace of it in the NuGet cache.
        var cached = Path.Combine(Metadata("NuGetPackageRoot"), Library.ToLowerInvariant(), _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    private static string Metadata(string key) => typeof(OnnxOnlyApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
