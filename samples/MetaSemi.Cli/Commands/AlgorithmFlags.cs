using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MetaSemi.Algorithms;

namespace MetaSemi.Cli.Commands;

/// <summary>
/// <c>train --algorithm NAME</c> and each registered algorithm's own flags, generated from its options class
/// through the <see cref="AlgorithmRegistry"/>: every settable field becomes <c>--kebab-case-path</c> (for
/// example <c>Consistency.Loss</c> → <c>--consistency-loss</c>), shared by the algorithms that have a field of
/// that name. The reference's flags keep meaning what they meant: <c>--mix-up</c>/<c>--alpha</c> set
/// <c>Mixup.Enabled</c>/<c>Mixup.Alpha</c>, <c>--meta-gradient</c>/<c>--epsilon</c>/<c>--weight</c> MetaSemi's
/// <c>MetaGradient.Method</c>/<c>MetaGradient.Epsilon</c>/<c>Consistency.Weight</c>, and <c>--warmup</c> also its
/// <c>Consistency.RampSteps</c>; a flag given for an algorithm without that field is a usage error.
/// </summary>
internal sealed class AlgorithmFlags
{
    /// <summary>Option fields the reference's flags set, and those flags.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReferenceFlags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Mixup.Enabled"] = "--mix-up",
        ["Mixup.Alpha"] = "--alpha",
        ["MetaGradient.Method"] = "--meta-gradient",
        ["MetaGradient.Epsilon"] = "--epsilon",
        ["Consistency.Weight"] = "--weight",
        ["Consistency.RampSteps"] = "--warmup",
    };

    private readonly AlgorithmRegistry _registry;
    private readonly List<(Option<string?> Option, string[] Algorithms)> _generated = [];

    public AlgorithmFlags(AlgorithmRegistry registry, IReadOnlyCollection<string> takenNames)
    {
        _registry = registry;
        Algorithm = CliOptionFactory.Choice("--algorithm", MetaSemiAlgorithm.AlgorithmName,
            "The algorithm: " + string.Join("; ", registry.Algorithms.Select(r => $"{r.Name} — {r.Description}")) + ".",
            registry.Algorithms.Select(r => r.Name));
        var byName = registry.Algorithms
            .SelectMany(r => AlgorithmOptionField.Of(r.OptionsType).Where(f => !ReferenceFlags.ContainsKey(f.Path)).Select(f => (Registration: r, Field: f)))
            .GroupBy(e => e.Field.Name, StringComparer.Ordinal);
        foreach (var group in byName)
        {
            string flag = "--" + group.Key;
            if (takenNames.Contains(flag))
            {
                throw new InvalidOperationException($"The option field {group.First().Field.Path} of algorithm '{group.First().Registration.Name}' would make the flag {flag}, which the command has already; rename the field.");
            }

            string defaults = string.Join("; ", group.Select(e => $"{e.Registration.Name} {e.Field.Path}, default {e.Field.Format(e.Registration.CreateOptions())}"));
            var option = new Option<string?>(flag) { Description = $"Algorithm option ({defaults}).", HelpName = HelpName(group.First().Field.Type) };
            _generated.Add((option, [.. group.Select(e => e.Registration.Name)]));
        }
    }

    public Option<string> Algorithm { get; }

    /// <summary>The --algorithm option and the generated flags, to add to a command.</summary>
    public IEnumerable<Option> Options => [Algorithm, .. _generated.Select(g => g.Option)];

    /// <summary>Usage errors: a generated or reference flag given for an algorithm without that field, or a value its field cannot take.</summary>
    public void Validate(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.TryGet(Algorithm, out var name) || !_registry.TryGet(name, out var registration))
        {
            return;
        }

        var fields = AlgorithmOptionField.Of(registration.OptionsType);
        foreach (var (option, algorithms) in _generated)
        {
            if (!result.IsGiven(option))
            {
                continue;
            }

            if (!algorithms.Contains(registration.Name))
            {
                result.AddError($"{option.Name} applies to --algorithm {string.Join(", ", algorithms)}; this run's algorithm is '{registration.Name}'.");
                continue;
            }

            try
            {
                fields.First(f => "--" + f.Name == option.Name).Set(registration.CreateOptions(), result.GetValue(option)!);
            }
            catch (FormatException e)
            {
                result.AddError($"--{e.Message}");
            }
        }

        foreach (var (path, flag) in ReferenceFlags)
        {
            var given = result.Command.Options.FirstOrDefault(o => o.Name == flag);
            if (given is not null && result.IsGiven(given) && !fields.Any(f => f.Path == path) && flag != "--warmup")
            {
                result.AddError($"{flag} does not apply to --algorithm {registration.Name} (it sets {path}, which '{registration.Name}' does not have).");
            }
        }
    }

    /// <summary>The generated flags the command line gave.</summary>
    public AlgorithmFlagValues Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = _generated.Where(g => result.IsGiven(g.Option)).Select(g => KeyValuePair.Create(g.Option.Name[2..], result.GetValue(g.Option)!)).ToList();
        return values.Count == 0 ? AlgorithmFlagValues.Empty : new AlgorithmFlagValues(values);
    }

    private static string HelpName(Type type) => type.IsEnum
        ? string.Join('|', Enum.GetNames(type).Select(AlgorithmOptionField.KebabCase))
        : Type.GetTypeCode(type) switch
        {
            TypeCode.Double => "number",
            TypeCode.Int32 or TypeCode.Int64 => "integer",
            TypeCode.Boolean => "true|false",
            _ => "text",
        };

    /// <summary>
    /// The algorithm's options from the reference flags' typed values (option path → value of the field's type, set where
    /// the algorithm's options have that field) and the generated flags (already checked by <see cref="Validate"/>).
    /// </summary>
    public static IAlgorithmOptions OptionsFor(string algorithm, IReadOnlyDictionary<string, object> referenceValues, AlgorithmFlagValues generated)
    {
        ArgumentNullException.ThrowIfNull(referenceValues);
        ArgumentNullException.ThrowIfNull(generated);
        var registration = AlgorithmRegistry.Default.Get(algorithm);
        var options = registration.CreateOptions();
        var fields = AlgorithmOptionField.Of(registration.OptionsType);
        foreach (var field in fields)
        {
            if (referenceValues.TryGetValue(field.Path, out var value))
            {
                field.SetValue(options, value);
            }
        }

        foreach (var (flag, text) in generated.Values)
        {
            var field = fields.FirstOrDefault(f => f.Name == flag)
                ?? throw new CliUserException($"--{flag} does not apply to --algorithm {registration.Name}.");
            field.Set(options, text);
        }

        return options;
    }
}
