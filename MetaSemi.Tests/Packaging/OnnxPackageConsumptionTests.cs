using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using MetaSemi.Models.Onnx;
using MetaSemi.Onnx;
using MetaSemi.Tests.Models;
using MetaSemi.Tests.Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// The app that only predicts (SPEC §8): pack MetaSemi.Onnx alone, reference it from a fresh console app,
/// publish it, and predict on an image with a model exported here. Its output folder holds no libtorch,
/// LibTorchSharp or TorchSharp file, and it predicts the class TorchSharp predicts.
/// </summary>
[Collection(TorchGlobalSeedCollection.Name)]
public sealed class OnnxPackageConsumptionTests(ITestOutputHelper output) : IDisposable
{
    private const string Library = "MetaSemi.Onnx";
    private readonly string root = Directory.CreateTempSubdirectory("metasemi-onnx-pack-").FullName;
    private readonly string version = $"0.1.0-pack.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    private static string Metadata(string key) => typeof(OnnxPackageConsumptionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Fact]
    public void Packed_onnx_library_predicts_in_a_published_app_without_libtorch()
    {
        // The consumer is published for Linux x64, the platform this repository's CI has.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(app);
        var modelPath = Path.Combine(app, "model.onnx");
        var imagePath = Path.Combine(app, "image.png");
        var image = TestImages.Png(45, 38, 11);
        File.WriteAllBytes(imagePath, image);
        int expectedClass;
        using (var model = OnnxTestModels.Create("small-cnn", classes: 5, channels: 3, seed: 12))
        {
            var description = OnnxTestModels.Describe("small-cnn", 5, 3, 32);
            OnnxExport.Save(model, description, modelPath);
            using var classifier = OnnxImageClassifier.Load(modelPath);
            using var scope = NewDisposeScope();
            var input = tensor(classifier.Preprocess(image)).view(1, 3, 32, 32);
            expectedClass = (int)OnnxTestModels.TorchLogits(model, input).Select((l, i) => (l, i)).Max().i;
        }

        var source = Path.Combine(root, "src");
        CopySources(Path.GetFullPath(Metadata("RepositoryRoot")), source);
        var feed = Path.Combine(root, "feed");
        Run(source, "dotnet", "pack", $"{Library}/{Library}.csproj", "-c", "Release", "-o", feed, $"-p:Version={version}", "-p:IncludeSymbols=false");
        Assert.True(File.Exists(Path.Combine(feed, $"{Library}.{version}.nupkg")), $"{Library} was not packed");

        WriteConsumer(app, feed);
        var publish = Path.Combine(app, "publish");
        Run(app, "dotnet", "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", publish);
        var printed = Run(app, "dotnet", Path.Combine(publish, "Consumer.dll"), modelPath, imagePath);

        Assert.Contains($"best: class-{expectedClass} ({expectedClass})", printed, StringComparison.Ordinal);
        var torchFiles = Directory.GetFiles(app, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(torchFiles.Count == 0, "The ONNX-only app carries TorchSharp or libtorch files: " + string.Join(", ", torchFiles));

        var files = Directory.GetFiles(publish, "*", SearchOption.AllDirectories);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        output.WriteLine($"published app: {files.Length} files, {bytes:N0} bytes ({bytes / 1e6:F1} MB); largest: "
            + string.Join(", ", files.OrderByDescending(f => new FileInfo(f).Length).Take(4).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length / 1e6:F1} MB")));
        output.WriteLine(printed);
    }

    private static void CopySources(string repository, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "README.md", "LICENSE" })
        {
            File.Copy(Path.Combine(repository, file), Path.Combine(destination, file));
        }

        // Directory.Build.targets imports Core's buildTransitive targets; MetaSemi.Onnx references nothing else.
        foreach (var folder in new[] { Library, "MetaSemi.Core/buildTransitive" })
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

    private void WriteConsumer(string app, string feed)
    {
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{Library}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="metasemi-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using MetaSemi.Onnx;

            using var classifier = OnnxImageClassifier.Load(args[0]);
            var prediction = classifier.Predict(args[1], topK: 3);
            Console.WriteLine($"best: {prediction.Best.ClassName} ({prediction.Best.ClassIndex}) {prediction.Best.Probability:F4}");
            Console.WriteLine($"top-3: {prediction}");
            """);
    }

    private static string Run(string workingDirectory, string fileName, params string[] arguments) =>
        ChildProcess.Run(workingDirectory, fileName, arguments);

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);

        // The packed version is unique to this run; leave no trace of it in the NuGet cache.
        var cached = Path.Combine(Metadata("NuGetPackageRoot"), Library.ToLowerInvariant(), version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }
}
