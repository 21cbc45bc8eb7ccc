using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaSemi.Tests.Packaging;

/// <summary>
/// Compiles C# as a user's own project would: against the built libraries (public API only — the compiled assembly
/// is not one the libraries' InternalsVisibleTo names) and the framework, with nullable on.
/// </summary>
internal static class LibraryCompilation
{
    /// <summary>The global usings of <c>dotnet new console</c>.</summary>
    public static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The assembly <paramref name="source"/> makes, or a failure with the compiler's errors and the source.</summary>
    public static byte[] Compile(string source, string name, OutputKind kind)
    {
        // The libraries and their dependencies as the tests load them, and the framework's assemblies.
        var references = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Concat(((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
            .Where(IsManaged)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => MetadataReference.CreateFromFile(path))
            .ToList();
        var options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable);
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")));
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: name);
        var compilation = CSharpCompilation.Create("UserCode" + Guid.NewGuid().ToString("N"), [usings, tree], references, options);
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(emitted.Success, $"{name} does not compile:\n{string.Join("\n", errors)}\n---\n{source}");
        return assembly.ToArray();
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
