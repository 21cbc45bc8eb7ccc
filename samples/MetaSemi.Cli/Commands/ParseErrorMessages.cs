using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// The parser's errors as a user should read them (issue 23, item 5): a flag given twice says so, an unknown command
/// or option suggests the nearest name, and "Required command was not provided" is left out when the real problem is
/// a mistyped command.
/// </summary>
internal static partial class ParseErrorMessages
{
    /// <summary>The messages to print, in order, each once.</summary>
    public static IReadOnlyList<string> For(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var messages = result.Errors.Select(e => e.Message).Distinct().ToList();
        if (messages.Any(m => Unrecognized().IsMatch(m)))
        {
            messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        return [.. messages.Select(m => Rewrite(m, result.CommandResult.Command))];
    }

    private static string Rewrite(string message, Command command)
    {
        if (SingleArgument().Match(message) is { Success: true } single)
        {
            var flag = single.Groups["flag"].Value;
            return string.Create(CultureInfo.InvariantCulture,
                $"{flag} takes one value, but {single.Groups["count"].Value} were given (the flag twice, or several values after it): give {flag} once, with one value.");
        }

        if (Unrecognized().Match(message) is { Success: true } unknown && Nearest(unknown.Groups["token"].Value, command) is { } suggestion)
        {
            return $"{message} Did you mean '{suggestion}'?";
        }

        return message;
    }

    // A subcommand or option name within two edits (or a case-only difference) of what was typed.
    private static string? Nearest(string token, Command command)
    {
        var names = token.StartsWith('-')
            ? command.Options.SelectMany(o => o.Aliases.Append(o.Name))
            : command.Subcommands.Select(c => c.Name);
        return names
            .Select(name => (Name: name, Distance: EditDistance(token.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(c => c.Distance <= (token.TrimStart('-').Length <= 3 ? 1 : 2))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance (insert, delete, substitute: 1 each).</summary>
    internal static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^Option '(?<flag>[^']+)' expects a single argument but (?<count>\d+) were provided\.$")]
    private static partial Regex SingleArgument();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>[^']+)'\.$")]
    private static partial Regex Unrecognized();
}
