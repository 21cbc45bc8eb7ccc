using System.Text.Json;
using Microsoft.Extensions.Configuration;
using System.Text.Json.Serialization;

namespace MetaSemi.Algorithms;

/// <summary>
/// One entry of the <see cref="AlgorithmRegistry"/>: an algorithm's name, what it is, its options type and
/// the factory that makes it from validated options.
/// </summary>
public sealed class AlgorithmRegistration
{
    private static readonly JsonSerializerOptions CopyOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Func<IAlgorithmOptions, ISemiSupervisedAlgorithm> _factory;

    internal AlgorithmRegistration(string name, string description, Type optionsType, Func<IAlgorithmOptions, ISemiSupervisedAlgorithm> factory)
    {
        Name = name;
        Description = description;
        OptionsType = optionsType;
        _factory = factory;
    }

    /// <summary>The name (<c>--algorithm NAME</c>, options.json, <c>compare</c>), lower-case.</summary>
    public string Name { get; }

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
