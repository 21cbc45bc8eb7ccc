using System.Diagnostics;
using System.Reflection;
using System.Text;
using MetaSemi.Build;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// The experience of a user who installs the packages on this machine: pack the three libraries,
/// reference them from a fresh console app in a temporary folder (plus the CPU backend), build and
/// run a TorchSharp computation that differentiates twice.
/// </summary>
public sealed class PackageConsumptionTests : IDisposable
{
    private static readonly string[] Libraries = ["MetaSemi.Core", "MetaSemi.Data", "MetaSemi.Models"];
    private readonly string root = Directory.CreateTempSubdirectory("metasemi-pack-").FullName;
    private readonly string version = $"0.1.0-pack.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    private static string Metadata(string key) => typeof(PackageConsumptionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Fact]
    public void Packed_libraries_install_build_and_run_in_a_new_console_app()
    {
        // The consumer references the Linux x64 CPU backend, the one this repository's CI has.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var repository = Path.GetFullPath(Metadata("RepositoryRoot"));
        var source = Path.Combine(root, "src");
        RepositorySources.Copy(repository, source, Libraries);
        var feed = Path.Combine(root, "feed");
        foreach (var library in Libraries)
        {
            Run(source, "dotnet", "pack", $"{library}/{library}.csproj", "-c", "Release", "-o", feed, $"-p:Version={version}", "-p:IncludeSymbols=false");
        }

        foreach (var library in Libraries)
        {
            var package = Path.Combine(feed, $"{library}.{version}.nupkg");
            Assert.True(File.Exists(package), $"{library} was not packed");

            // The XML documentation travels with the assembly, so the user's editor shows it.
            using var zip = System.IO.Compression.ZipFile.OpenRead(package);
            Assert.Contains($"lib/net10.0/{library}.xml", zip.Entries.Select(e => e.FullName));
        }

        var app = Path.Combine(root, "app");
        WriteConsumer(app, feed);
        Run(app, "dotnet", "build", "-c", "Release");
        var output = Run(app, "dotnet", "run", "-c", "Release", "--no-build");

        // d²/dx² Σ x³ = 6x at x = (1, 2, 3).
        Assert.Contains("second derivative: 6 12 18", output, StringComparison.Ordinal);
        Assert.Contains("device: cpu", output, StringComparison.Ordinal);

        // The package's buildTransitive step ran in the user's build on hosts that need it.
        var built = Directory.GetFiles(Path.Combine(app, "bin"), "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.NotEmpty(built);
        if (ElfVersionNeedPatcher.HostLibStdCxxDefines("GLIBCXX_3.4.32") == false)
        {
            foreach (var file in built)
            {
                Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeedPatcher.MarkVersionWeak(File.ReadAllBytes(file), "GLIBCXX_3.4.32", out _));
            }
        }
    }

    private void WriteConsumer(string app, string feed) =>
        ConsumerApp.Write(app, feed, [.. Libraries.Select(l => (l, version)), ("libtorch-cpu-linux-x64", "2.10.0")], """
            using TorchSharp;
            using static TorchSharp.torch;

            var device = MetaSemi.TorchDevices.Resolve("cpu");
            var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
            var y = x.pow(3).sum();
            var g = torch.autograd.grad([y], [x], retain_graph: true, create_graph: true)[0];
            var h = torch.autograd.grad([g.sum()], [x])[0];
            Console.WriteLine($"device: {device.type.ToString().ToLowerInvariant()}");
            Console.WriteLine("second derivative: " + string.Join(" ", h.data<double>().ToArray()));
            """);

    private static string Run(string workingDirectory, string fileName, params string[] arguments) =>
        ChildProcess.Run(workingDirectory, fileName, arguments);

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);

        // The packed versions are unique to this run; leave no trace of them in the NuGet cache.
        var cache = Metadata("NuGetPackageRoot");
        foreach (var library in Libraries)
        {
            var cached = Path.Combine(cache, library.ToLowerInvariant(), version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }
}
