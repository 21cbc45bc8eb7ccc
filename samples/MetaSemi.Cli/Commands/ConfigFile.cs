using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// <c>--config FILE.json</c>: a JSON object whose keys name a command's options (<c>"lr"</c>,
/// <c>"num-label"</c>, <c>"numLabel"</c> or <c>"--num-label"</c>) turns into command-line tokens
/// for every option the command line did not give, so the command line wins and every value
/// goes through the same parsing and checks.
/// </summary>
internal static class ConfigFile
{
    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Tokens to append to the command line, and the flags they set; throws <see cref="CliUserException"/> listing every bad key.</summary>
    public static (IReadOnlyList<string> Tokens, IReadOnlySet<string> Flags) ToTokens(string path, Command command, ParseResult commandLine)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(commandLine);
        if (!File.Exists(path))
        {
            throw new CliUserException($"--config '{path}': no such file (JSON options).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), ReadOptions);
        }
        catch (JsonException e)
        {
            throw new CliUserException($"--config '{path}': not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliUserException($"--config '{path}': expected a JSON object of options, found {document.RootElement.ValueKind}.");
            }

            var tokens = new List<string>();
            var flags = new HashSet<string>(StringComparer.Ordinal);
            var errors = new List<string>();
            bool deviceGiven = commandLine.CommandResult.Children.Any(c => c is System.CommandLine.Parsing.OptionResult { Implicit: false } o && o.Option.Name is "--device" or "--gpu");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var flag = "--" + ToKebabCase(property.Name);
                var option = command.Options.FirstOrDefault(o => o.Name == flag || o.Aliases.Contains(flag));
                if (option is null || option.Name is "--config" or "--help")
                {
                    errors.Add($"--config '{path}': '{property.Name}' is not an option of '{command.Name}' (its options: {string.Join(", ", command.Options.Where(o => o.Name is not "--config" and not "--help").Select(o => o.Name.TrimStart('-')))}).");
                    continue;
                }

                // The command line wins; --gpu and --device are one choice, so either on the command line overrides both.
                if (commandLine.IsGiven(option) || (deviceGiven && option.Name is "--device" or "--gpu"))
                {
                    continue;
                }

                if (option is Option<bool> && property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    // System.CommandLine's own message for "--mix-up 1" names neither the key nor the file.
                    errors.Add($"--config '{path}': '{property.Name}' is {property.Value.GetRawText()}; expected true or false ({option.Name} is a switch).");
                    continue;
                }

                var values = ToValues(property.Value);
                if (values is null)
                {
                    errors.Add($"--config '{path}': '{property.Name}' has a {property.Value.ValueKind} value; expected a string, number, true/false or a list of them.");
                    continue;
                }

                tokens.Add(option.Name);
                tokens.AddRange(values);
                flags.Add(option.Name);
            }

            if (errors.Count > 0)
            {
                throw new CliUserException(string.Join(Environment.NewLine, errors));
            }

            return (tokens, flags);
        }
    }

    /// <summary>"numLabel", "NumLabel", "num_label", "--num-label" → "num-label".</summary>
    public static string ToKebabCase(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = key.TrimStart('-');
        var builder = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '_')
            {
                builder.Append('-');
            }
            else if (char.IsUpper(c))
            {
                if (i > 0 && builder.Length > 0 && builder[^1] != '-')
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static List<string>? ToValues(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return [value.GetString()!];
            case JsonValueKind.Number:
                return [value.GetRawText()];
            case JsonValueKind.True:
                return ["true"];
            case JsonValueKind.False:
                return ["false"];
            case JsonValueKind.Array:
                var items = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                    {
                        return null;
                    }

                    items.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
                }

                return items;
            default:
                return null;
        }
    }
}
