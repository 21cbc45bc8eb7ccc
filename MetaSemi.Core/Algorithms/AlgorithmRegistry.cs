namespace MetaSemi.Algorithms;

/// <summary>
/// Maps an algorithm's name to its options type and factory, so that configuration binding, the builder's
/// <c>Use…</c> methods and the CLI's <c>--algorithm NAME</c> need no switch statement. <see cref="Default"/>
/// holds the built-in algorithms (registered in <see cref="BuiltInAlgorithms"/>, one line each); an app may
/// register its own there or use a registry of its own.
/// </summary>
public sealed class AlgorithmRegistry
{
    private readonly Lock _lock = new();
    private readonly List<AlgorithmRegistration> _registrations = [];

    /// <summary>The registry every trainer builder and the CLI use unless given another: the built-in algorithms.</summary>
    public static AlgorithmRegistry Default { get; } = BuiltInAlgorithms.Register(new AlgorithmRegistry());

    /// <summary>The registered algorithms, in registration order.</summary>
    public IReadOnlyList<AlgorithmRegistration> Algorithms
    {
        get
        {
            lock (_lock)
            {
                return [.. _registrations];
            }
        }
    }

    /// <summary>Registers an algorithm under <paramref name="name"/> (lower-case letters, digits and '-').</summary>
    /// <typeparam name="TOptions">Its options class (public, with a parameterless constructor and settable properties).</typeparam>
    /// <exception cref="ArgumentException">The name is malformed or taken.</exception>
    public AlgorithmRegistry Register<TOptions>(string name, string description, Func<TOptions, ISemiSupervisedAlgorithm> factory)
        where TOptions : class, IAlgorithmOptions, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(factory);
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"An algorithm name has lower-case letters, digits and '-' only; got '{name}'.", nameof(name));
        }

        lock (_lock)
        {
            if (_registrations.Any(r => r.Name == name))
            {
                throw new ArgumentException($"An algorithm named '{name}' is registered already.", nameof(name));
            }

            _registrations.Add(new AlgorithmRegistration(name, description, typeof(TOptions), options => factory((TOptions)options)));
        }

        return this;
    }

    /// <summary>The registration called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such algorithm; the message lists the registered ones.</exception>
    public AlgorithmRegistration Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var registration)
            ? registration
            : throw new KeyNotFoundException($"Unknown algorithm '{name}'; expected one of: {string.Join(", ", Algorithms.Select(r => r.Name))}.");
    }

    /// <summary>Looks up <paramref name="name"/> (case-insensitive).</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AlgorithmRegistration? registration)
    {
        lock (_lock)
        {
            registration = _registrations.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
        }

        return registration is not null;
    }
}
