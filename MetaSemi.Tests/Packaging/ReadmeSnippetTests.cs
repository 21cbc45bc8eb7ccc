using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// The <c>csharp</c> blocks of README.md and of the docs pages that carry on from it (docs/library.md,
/// docs/own-images.md) compile as written against the built libraries: each block is a console program's top-level
/// statements (with the implicit usings of <c>dotnet new console</c>); a block whose first line is
/// <c>// continues the block above</c> is appended to the block before it. README's first program (training on the
/// shipped data) is also run.
/// </summary>
[Collection(nameof(MetaSemi.Tests.Core.SerialTorchCollection))]
public sealed partial class ReadmeSnippetTests
{
    private const string Continuation = "// continues the block above";

    private static string Readme() => Path.Combine(RepositoryRoot(), "README.md");

    /// <summary>The pages whose programs a reader copies, and the fewest programs each holds.</summary>
    public static TheoryData<string, int> Pages() => new() { { "README.md", 1 }, { "docs/library.md", 3 }, { "docs/own-images.md", 2 } };

    [GeneratedRegex("^```csharp\\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>The programs a page's blocks make, in order.</summary>
    internal static List<string> Programs(string markdown)
    {
        var programs = new List<string>();
        foreach (Match block in CSharpBlock().Matches(markdown.ReplaceLineEndings("\n")))
        {
            string code = block.Groups[1].Value;
            if (code.StartsWith(Continuation, StringComparison.Ordinal))
            {
                Assert.NotEmpty(programs);
                programs[^1] += code;
            }
            else
            {
                programs.Add(code);
            }
        }

        return programs;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_csharp_block_of_the_page_compiles_against_the_libraries(string page, int fewest)
    {
        var programs = Programs(File.ReadAllText(Path.Combine(RepositoryRoot(), page)));
        Assert.True(programs.Count >= fewest, $"{page} has {programs.Count} csharp program(s), expected at least {fewest}");
        for (int i = 0; i < programs.Count; i++)
        {
            _ = LibraryCompilation.Compile(programs[i], $"{page} block {i + 1}", OutputKind.ConsoleApplication);
        }
    }

    [Fact]
    public void The_first_program_trains_on_the_shipped_data_writes_the_model_file_and_predicts_the_shipped_pictures()
    {
        // As written, but run from this test: the repository's paths made absolute, the run folder a temporary one,
        // and 6 steps instead of 300 (the README shows the 300-step output).
        var program = Programs(File.ReadAllText(Readme()))[0];
        Assert.Contains("const int Steps = 300;", program, StringComparison.Ordinal);
        using var folder = new Cli.TempFolder();
        var run = folder.File("library-quick");
        var root = RepositoryRoot().Replace('\\', '/');
        program = program
            .Replace("const int Steps = 300;", "const int Steps = 6;", StringComparison.Ordinal)
            .Replace("\"samples/data/", $"\"{root}/samples/data/", StringComparison.Ordinal)
            .Replace("\"runs/library-quick", $"\"{run}", StringComparison.Ordinal);

        var assembly = System.Reflection.Assembly.Load(LibraryCompilation.Compile(program, "README.md block 1", OutputKind.ConsoleApplication));
        assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()]);

        var description = MetaSemi.Files.ModelFile.ReadDescription(Path.Combine(run, MetaSemi.Files.ModelFile.FileName));
        Assert.Equal(("small-cnn", 10, 6L), (description.Architecture, description.ClassNames.Count, description.Training!.Steps));
        Assert.Equal("Ankle boot", description.ClassNames[9]);
    }

    private static string RepositoryRoot() =>
        typeof(ReadmeSnippetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void A_continuation_block_is_appended_to_the_program_before_it()
    {
        var programs = Programs("```csharp\nvar a = 1;\n```\ntext\n```csharp\n// continues the block above\nvar b = a;\n```\n```csharp\nvar c = 2;\n```\n");
        Assert.Equal(["var a = 1;\n// continues the block above\nvar b = a;\n", "var c = 2;\n"], programs);
    }
}
