using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// README.md's <c>csharp</c> blocks compile as written against the built libraries: each block is a console
/// program's top-level statements (with the implicit usings of <c>dotnet new console</c>); a block whose first
/// line is <c>// continues the block above</c> is appended to the block before it.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private const string Continuation = "// continues the block above";

    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static string Readme() => Path.Combine(
        typeof(ReadmeSnippetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "README.md");

    [GeneratedRegex("^```csharp\\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>The programs README.md's blocks make, in order.</summary>
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

    [Fact]
    public void Every_csharp_block_of_the_README_compiles_against_the_libraries()
    {
        var programs = Programs(File.ReadAllText(Readme()));
        Assert.True(programs.Count >= 2, $"README.md has {programs.Count} csharp program(s)");

        // The libraries and their dependencies as the tests load them, and the framework's assemblies.
        var references = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Concat(((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
            .Where(IsManaged)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => MetadataReference.CreateFromFile(path))
            .ToList();
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")));
        for (int i = 0; i < programs.Count; i++)
        {
            var tree = CSharpSyntaxTree.ParseText(programs[i], new CSharpParseOptions(LanguageVersion.Latest), path: $"README.md block {i + 1}");
            var compilation = CSharpCompilation.Create($"ReadmeSnippet{i + 1}", [usings, tree], references, options);
            using var assembly = new MemoryStream();
            var emitted = compilation.Emit(assembly);
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(emitted.Success, $"README.md's program {i + 1} does not compile:\n{string.Join("\n", errors)}\n---\n{programs[i]}");
        }
    }

    [Fact]
    public void A_continuation_block_is_appended_to_the_program_before_it()
    {
        var programs = Programs("```csharp\nvar a = 1;\n```\ntext\n```csharp\n// continues the block above\nvar b = a;\n```\n```csharp\nvar c = 2;\n```\n");
        Assert.Equal(["var a = 1;\n// continues the block above\nvar b = a;\n", "var c = 2;\n"], programs);
    }

    private static bool IsManaged(string path)
    {
        try
        {
            _ = AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
