using System.Text.Json;
using Microsoft.Extensions.Configuration;
using System.Text.Json.Serialization;

namespace MetaSemi.Algorithms;

/// <summary>
/// One entry of the <see cref="AlgorithmRegistry"/>: an algorithm's name, its display name, what it is, its options
/// type and the factory that makes it from validated options. Each built-in algorithm class carries its own as a static
/// <c>Registration</c> property; an algorithm written outside the library makes one with <see cref="Create"/>.
/// </summary>
public sealed class AlgorithmRegistration
{
    private static readonly JsonSerializerOptions CopyOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Func<IAlgorithmOptions, ISemiSupervisedAlgorithm> _factory;

    private AlgorithmRegistration(string name, string displayName, string description, Type optionsType, Func<IAlgorithmOptions, ISemiSupervisedAlgorithm> factory)
    {
        Name = name;
        DisplayName = displayName;
        Description = description;
        OptionsType = optionsType;
        _factory = factory;
    }

    /// <summary>
    /// The registration of an algorithm called <paramref name="name"/> (lower-case letters, digits and '-'), shown as
    /// <paramref name="displayName"/>, described by <paramref name="description"/>, made by <paramref name="factory"/>
    /// from its options.
    /// </summary>
    /// <typeparam name="TOptions">Its options class (public, with a parameterless constructor and settable properties).</typeparam>
    /// <exception cref="ArgumentException">The name is malformed, or the display name empty.</exception>
    public static AlgorithmRegistration Create<TOptions>(string name, string displayName, string description, Func<TOptions, ISemiSupervisedAlgorithm> factory)
        where TOptions : class, IAlgorithmOptions, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(factory);
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"An algorithm name has lower-case letters, digits and '-' only; got '{name}'.", nameof(name));
        }

        return new AlgorithmRegistration(name, displayName, description, typeof(TOptions), options => factory((TOptions)options));
    }

    /// <summary>The name (<c>--algorithm NAME</c>, options.json, <c>compare</c>), lower-case.</summary>
    public string Name { get; }

    /// <summary>The name people read (<c>compare</c>'s tables and pictures): "FixMatch", "Mean Teacher".</summary>
    public string DisplayName { get; }

    /// <summary>One line on what the algorithm is, with its paper.</summary>
    public string Description { get; }

    /// <summary>The algorithm's options class.</summary>
    public Type OptionsType { get; }

    /// <summary>A new options object with the algorithm's defaults.</summary>
    public IAlgorithmOptions CreateOptions() => (IAlgorithmOptions)Activator.CreateInstance(OptionsType)!;

    /// <summary>
    /// New options with the algorithm's defaults, overridden by <paramref name="configuration"/> (keys named as the
    /// properties, nested sections for nested options: <c>MetaGradient:Epsilon</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A key is not a property of the options class or a value does not convert (the binder's message names it).</exception>
    public IAlgorithmOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = CreateOptions();
        configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }

    /// <summary>A deep copy of <paramref name="options"/> (a JSON round trip), so that later changes to the original have no effect.</summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not of <see cref="OptionsType"/>.</exception>
    public IAlgorithmOptions Copy(IAlgorithmOptions options)
    {
        CheckType(options);
        return (IAlgorithmOptions)JsonSerializer.Deserialize(JsonSerializer.Serialize(options, OptionsType, CopyOptions), OptionsType, CopyOptions)!;
    }

    /// <summary>Makes the algorithm from <paramref name="options"/> (validated by the caller; the algorithm may keep the object).</summary>
    public ISemiSupervisedAlgorithm Create(IAlgorithmOptions options)
    {
        CheckType(options);
        return _factory(options);
    }

    private void CheckType(IAlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GetType() != OptionsType)
        {
            throw new ArgumentException($"Algorithm '{Name}' takes {OptionsType.Name}; got {options.GetType().Name}.", nameof(options));
        }
    }
}
