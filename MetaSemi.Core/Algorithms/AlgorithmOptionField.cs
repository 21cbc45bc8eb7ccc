using System.Globalization;
using System.Reflection;
using System.Text;

namespace MetaSemi.Algorithms;

/// <summary>
/// One settable leaf of an algorithm's options class — a number, flag, enum or text, possibly inside a nested
/// options object (<c>MetaGradient.Epsilon</c>) — with its kebab-case name (<c>meta-gradient-epsilon</c>), for
/// front ends that set options by name (the CLI's generated flags, key/value configuration).
/// </summary>
public sealed class AlgorithmOptionField
{
    private readonly PropertyInfo[] _chain;

    private AlgorithmOptionField(PropertyInfo[] chain)
    {
        _chain = chain;
        Path = string.Join('.', chain.Select(p => p.Name));
        Name = string.Join('-', chain.Select(p => KebabCase(p.Name)));
    }

    /// <summary>The property path, for example <c>MetaGradient.Epsilon</c>.</summary>
    public string Path { get; }

    /// <summary>The kebab-case name, for example <c>meta-gradient-epsilon</c>.</summary>
    public string Name { get; }

    /// <summary>The value's type.</summary>
    public Type Type => _chain[^1].PropertyType;

    /// <summary>Every field of <paramref name="optionsType"/>, in declaration order, nested option objects flattened.</summary>
    public static IReadOnlyList<AlgorithmOptionField> Of(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var fields = new List<AlgorithmOptionField>();
        Collect(optionsType, [], fields);
        return fields;
    }

    /// <summary>The field's value in <paramref name="options"/>, in the invariant culture.</summary>
    public string Format(object options)
    {
        object? value = Get(options);
        return value switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>Parses <paramref name="text"/> and sets the field in <paramref name="options"/>.</summary>
    /// <exception cref="FormatException">The text is not a value of the field's type; the message names the field and the expected values.</exception>
    public void Set(object options, string text)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(text);
        _chain[^1].SetValue(Owner(options), Parse(text));
    }

    /// <summary>Sets the field in <paramref name="options"/> to <paramref name="value"/>, already of the field's type (no text in between).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not of the field's type.</exception>
    public void SetValue(object options, object value)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(value);
        if (!Type.IsInstanceOfType(value))
        {
            throw new ArgumentException($"{Path} takes a {Type.Name}; got a {value.GetType().Name}.", nameof(value));
        }

        _chain[^1].SetValue(Owner(options), value);
    }

    // The object that holds the field: options itself, or the nested options object on the path.
    private object Owner(object options)
    {
        object target = options;
        foreach (var property in _chain[..^1])
        {
            target = property.GetValue(target) ?? throw new InvalidOperationException($"{Path}: {property.Name} is null.");
        }

        return target;
    }

    private object? Get(object options)
    {
        object? value = options;
        foreach (var property in _chain)
        {
            value = value is null ? null : property.GetValue(value);
        }

        return value;
    }

    private object Parse(string text)
    {
        var type = Type;
        var culture = CultureInfo.InvariantCulture;
        if (type.IsEnum)
        {
            var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(KebabCase(n), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            return match is not null ? Enum.Parse(type, match)
                : throw new FormatException($"{Name}: '{text}' is not one of {string.Join(", ", Enum.GetNames(type).Select(KebabCase))}.");
        }

        bool ok;
        object value;
        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Double:
                ok = double.TryParse(text, NumberStyles.Float, culture, out double d);
                value = d;
                break;
            case TypeCode.Int32:
                ok = int.TryParse(text, NumberStyles.Integer, culture, out int i);
                value = i;
                break;
            case TypeCode.Int64:
                ok = long.TryParse(text, NumberStyles.Integer, culture, out long l);
                value = l;
                break;
            case TypeCode.Boolean:
                ok = bool.TryParse(text, out bool b);
                value = b;
                break;
            case TypeCode.String:
                return text;
            default:
                throw new FormatException($"{Name}: values of type {type.Name} cannot be set by name.");
        }

        return ok ? value : throw new FormatException($"{Name}: '{text}' is not a valid {Describe(type)}.");
    }

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Double => "number",
        TypeCode.Int32 or TypeCode.Int64 => "whole number",
        TypeCode.Boolean => "true/false",
        _ => type.Name,
    };

    private static bool IsLeaf(Type type) => type.IsEnum || Type.GetTypeCode(type) is TypeCode.Double or TypeCode.Int32 or TypeCode.Int64 or TypeCode.Boolean or TypeCode.String;

    private static void Collect(Type type, PropertyInfo[] prefix, List<AlgorithmOptionField> fields)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            PropertyInfo[] chain = [.. prefix, property];
            if (IsLeaf(property.PropertyType) && property.CanWrite && property.SetMethod!.IsPublic)
            {
                fields.Add(new AlgorithmOptionField(chain));
            }
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.CanRead && prefix.Length < 4)
            {
                Collect(property.PropertyType, chain, fields);
            }
        }
    }

    /// <summary><c>MetaGradient</c> → <c>meta-gradient</c>, <c>FiniteDifference</c> → <c>finite-difference</c>.</summary>
    public static string KebabCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
