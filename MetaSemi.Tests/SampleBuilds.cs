using System.Reflection;

namespace MetaSemi.Tests;

/// <summary>
/// Where the programs that MetaSemi.Tests references (without their assemblies) are built, and the dotnet host that
/// runs them: &lt;folder&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/&lt;assembly&gt;.dll (samples/&lt;project&gt; for the
/// samples, MetaSemi.Tests.MpiProbe for the MPI tests' worker), with the configuration and framework of this test
/// assembly's own output folder.
/// </summary>
internal static class SampleBuilds
{
    /// <summary>The repository root this test assembly was built from.</summary>
    public static string RepositoryRoot => typeof(SampleBuilds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value
        ?? throw new InvalidOperationException("The test assembly lacks its RepositoryRoot metadata.");

    /// <summary>The built samples/<paramref name="project"/>/…/<paramref name="project"/>.dll.</summary>
    /// <exception cref="FileNotFoundException">It is not built (the message says how to build it).</exception>
    public static string Dll(string project) => Dll(Path.Combine("samples", project), project);

    /// <summary>
    /// The built <paramref name="folder"/>/bin/…/<paramref name="assembly"/>.dll, <paramref name="folder"/> relative to
    /// the repository root (a test helper such as MetaSemi.Tests.MpiProbe lives beside the tests, not in samples/).
    /// </summary>
    /// <exception cref="FileNotFoundException">It is not built (the message says how to build it).</exception>
    public static string Dll(string folder, string assembly)
    {
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testFolder.Name;
        string configuration = testFolder.Parent?.Name ?? "Debug";
        var expected = Path.GetFullPath(Path.Combine(RepositoryRoot, folder, "bin", configuration, framework, assembly + ".dll"));
        if (File.Exists(expected))
        {
            return expected;
        }

        throw new FileNotFoundException(
            $"{assembly} is not built at {expected}. MetaSemi.Tests references {folder.Replace('\\', '/')}, so building the tests builds it: run 'dotnet build MetaSemi.Tests -c {configuration}'.",
            expected);
    }

    /// <summary>The host that runs these tests (so no other SDK or runtime gets involved), else <c>dotnet</c> on the PATH.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }
}
