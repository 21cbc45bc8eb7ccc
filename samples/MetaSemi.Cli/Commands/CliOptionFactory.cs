using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// Builds options whose parsers check the value and report one message naming the flag, what
/// was given and what is expected; numbers are read in invariant culture.
/// </summary>
internal static class CliOptionFactory
{
    public static Option<int> Int(string name, int defaultValue, string description, int min, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseInt(result, name, min),
        };

    /// <summary>A number option; <paramref name="check"/> returns null when the value is fine, else what is expected (e.g. "> 0").</summary>
    public static Option<double> Number(string name, double defaultValue, string description, Func<double, string?> check, params string[] aliases) =>
        Number(name, defaultValue, description, check, fullMessage: false, aliases);

    private static Option<double> Number(string name, double defaultValue, string description, Func<double, string?> check, bool fullMessage, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseNumber(result, name, check, fullMessage),
        };

    public static Option<bool> Flag(string name, string description, bool defaultValue = false, params string[] aliases) =>
        new(name, aliases) { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<string> Choice(string name, string defaultValue, string description, IEnumerable<string> choices, params string[] aliases)
    {
        string[] allowed = [.. choices];
        return new Option<string>(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', allowed),
            CustomParser = result =>
            {
                // Read case-insensitively (--algorithm FixMatch), kept in the canonical spelling.
                var text = result.Tokens[^1].Value;
                var canonical = allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase));
                if (canonical is null)
                {
                    result.AddError($"{name} '{text}' is not one of: {string.Join(", ", allowed)}.");
                    return text;
                }

                return canonical;
            },
        };
    }

    public static Option<string?> Text(string name, string description, bool required = false, params string[] aliases) =>
        new(name, aliases) { Description = description, Required = required };

    /// <summary><c>--milestones</c>: integers as separate words, comma-separated, or a Python list such as "[300000, 350000]".</summary>
    public static Option<int[]> Milestones(IReadOnlyList<int> defaultValue) =>
        new("--milestones")
        {
            Description = "Steps at which the learning rate is multiplied by --gamma: '300000 350000', '300000,350000' or '[300000, 350000]'.",
            DefaultValueFactory = _ => [.. defaultValue],
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = ParseMilestones,
        };

    public static Option<string> Device() =>
        new("--device")
        {
            Description = "Where to compute: cpu, cuda or cuda:N.",
            DefaultValueFactory = _ => ReferenceDefaults.Device,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                try
                {
                    TorchDevices.Parse(text);
                    return text.Trim().ToLowerInvariant();
                }
                catch (ArgumentException)
                {
                    result.AddError($"--device '{text}' is not a device: expected cpu, cuda or cuda:N (N = 0, 1, ...).");
                    return ReferenceDefaults.Device;
                }
            },
        };

    public static Option<bool> Gpu() => Flag("--gpu", "Same as --device cuda (the reference's flag).");

    /// <summary>
    /// <c>--meta-gradient</c>: parsed straight into Core's <see cref="MetaGradientMethod"/> (its names in kebab case, as
    /// <c>args.json</c> writes them), which the options carry to the meta step unchanged.
    /// </summary>
    public static Option<MetaGradientMethod> MetaGradient() => EnumChoice("--meta-gradient", MetaGradientMethod.FiniteDifference,
        "Meta-gradient method: finite-difference (the paper's), exact (second order) or none.");

    /// <summary>An option whose values are <typeparamref name="TEnum"/>'s names in kebab case (read case-insensitively; the names themselves too).</summary>
    public static Option<TEnum> EnumChoice<TEnum>(string name, TEnum defaultValue, string description)
        where TEnum : struct, Enum
    {
        var names = System.Enum.GetValues<TEnum>().Select(v => (Value: v, Text: AlgorithmOptionField.KebabCase(v.ToString()))).ToArray();
        return new Option<TEnum>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', names.Select(n => n.Text)),
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value.Trim();
                foreach (var (value, kebab) in names)
                {
                    if (string.Equals(kebab, text, StringComparison.OrdinalIgnoreCase) || string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }

                result.AddError($"{name} '{text}' is not one of: {string.Join(", ", names.Select(n => n.Text))}.");
                return defaultValue;
            },
        };
    }

    /// <summary>
    /// A number option that sets the trainer's or an algorithm's option checked by <paramref name="rule"/>: an invalid
    /// value gives that option's one message (the one <c>Build()</c> and configuration binding give), after the flag.
    /// </summary>
    public static Option<double> Number(string name, double defaultValue, string description, OptionRule rule) =>
        Number(name, defaultValue, description, v => rule.Check(v) is { } message ? $"{name}: {message}" : null, fullMessage: true);

    public static string? Positive(double v) => v > 0 ? null : "a number > 0";

    public static string? NonNegative(double v) => v >= 0 ? null : "a number >= 0";

    public static string? Fraction(double v) => In(ValueRange.Probability, v);

    public static string? MomentumRange(double v) => In(ValueRange.Decay, v);

    /// <summary>Null when <paramref name="v"/> is in <paramref name="range"/>, else what the flag expects ("a number in [0, 1)"), the range the options' validation uses.</summary>
    private static string? In(ValueRange range, double v) => range.Contains(v) ? null : $"a number in {range}";

    private static int ParseInt(ArgumentResult result, string name, int min)
    {
        var text = result.Tokens[^1].Value;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} '{text}' is not a whole number.");
            return min;
        }

        if (value < min)
        {
            result.AddError($"{name} must be >= {min}, got {value}.");
        }

        return value;
    }

    private static double ParseNumber(ArgumentResult result, string name, Func<double, string?> check, bool fullMessage)
    {
        var text = result.Tokens[^1].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            result.AddError($"{name} '{text}' is not a number.");
            return double.NaN;
        }

        var expected = check(value);
        if (expected is not null)
        {
            result.AddError(fullMessage ? expected : $"{name} must be {expected}, got {text}.");
        }

        return value;
    }

    private static int[] ParseMilestones(ArgumentResult result)
    {
        var text = string.Join(' ', result.Tokens.Select(t => t.Value));
        var words = text.Replace('[', ' ').Replace(']', ' ').Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var values = new List<int>();
        foreach (var word in words)
        {
            if (!int.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                result.AddError($"--milestones '{text}': '{word}' is not a positive whole number.");
                return [];
            }

            values.Add(value);
        }

        for (int i = 1; i < values.Count; i++)
        {
            if (values[i] <= values[i - 1])
            {
                result.AddError($"--milestones '{text}' must be strictly increasing.");
                return [];
            }
        }

        return [.. values];
    }
}
