using System.CommandLine;
using System.CommandLine.Parsing;

namespace MetaSemi.Cli.Commands;

/// <summary>Checks that span options or touch the file system, run after each option parsed on its own.</summary>
internal static class CommandResultChecks
{
    /// <summary>The option's value when it parsed without error (its default when not given).</summary>
    public static bool TryGet<T>(this CommandResult result, Option<T> option, out T value)
    {
        value = default!;
        var optionResult = result.GetResult(option);
        if (optionResult is null)
        {
            // Validators run before defaults are filled in: take the default the parse will use.
            value = option.HasDefaultValue ? (T)option.GetDefaultValue()! : default!;
            return true;
        }

        if (optionResult is not null && result.Errors.Any(e => ReferenceEquals(e.SymbolResult, optionResult) || e.SymbolResult?.Parent == optionResult))
        {
            return false;
        }

        try
        {
            value = result.GetValue(option)!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Converts every given option's value so that each bad value reports its own error: the parser
    /// converts lazily and would otherwise show only the cross-option errors of a validator.
    /// </summary>
    public static void ConvertAllGiven(this CommandResult result)
    {
        foreach (var child in result.Children.OfType<OptionResult>())
        {
            try
            {
                _ = child.GetValueOrDefault<object>();
            }
            catch (InvalidOperationException)
            {
                // The conversion error is already recorded on the result.
            }
            catch (InvalidCastException)
            {
                // Value types convert fine but do not cast to object through this generic path.
            }
        }
    }

    /// <summary>Whether the user gave the option (on the command line or through --config) rather than taking its default.</summary>
    public static bool IsGiven(this SymbolResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>Whether the parsed command line gave the option.</summary>
    public static bool IsGiven(this ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>A <c>--data-path</c> the user gave must be a folder; the default one is left to the reader, which names the files it looked for.</summary>
    public static void RequireDataPath(this CommandResult result, Option<string> dataset, Option<string?> dataPath)
    {
        if (result.TryGet(dataset, out var name) && result.TryGet(dataPath, out var path))
        {
            result.RequireDirectory(path, "--data-path", $"where the {name} files are looked for");
        }
    }

    public static void RequireDirectory(this CommandResult result, string? path, string optionName, string what)
    {
        if (path is not null && !Directory.Exists(path))
        {
            result.AddError($"{optionName} '{path}': no such folder ({what}).");
        }
    }

    public static void RequireFile(this CommandResult result, Option<string?> option, string what)
    {
        if (result.TryGet(option, out var path) && path is not null && !File.Exists(path))
        {
            result.AddError($"{option.Name} '{path}': no such file ({what}).");
        }
    }

    /// <summary><c>--gpu</c> means cuda; with an explicit non-cuda <c>--device</c> it is a contradiction.</summary>
    public static void CheckGpuAlias(this CommandResult result, Option<bool> gpu, Option<string> device)
    {
        if (result.TryGet(gpu, out var useGpu) && useGpu && result.IsGiven(device)
            && result.TryGet(device, out var name) && !name.StartsWith("cuda", StringComparison.Ordinal))
        {
            result.AddError($"--gpu asks for cuda but --device asks for '{name}': give one of them.");
        }
    }

    /// <summary>The device after applying <c>--gpu</c>: cuda unless an explicit --device names a cuda device.</summary>
    public static string ResolveDevice(ParseResult parseResult, Option<bool> gpu, Option<string> device)
    {
        var name = parseResult.GetValue(device)!;
        return parseResult.GetValue(gpu) && !parseResult.IsGiven(device) ? "cuda" : name;
    }
}
