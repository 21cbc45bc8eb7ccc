namespace MetaSemi.Algorithms;

/// <summary>
/// Maps an algorithm's name to its options type and factory, so that configuration binding, the builder's
/// <c>Use…</c> methods and the CLI's <c>--algorithm NAME</c> need no switch statement. <see cref="Default"/>
/// holds the built-in algorithms (each class's own <c>Registration</c>, found by <see cref="BuiltInAlgorithms"/>);
/// an app may register its own there or use a registry of its own.
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

    /// <summary>Registers an algorithm under <paramref name="name"/> (lower-case letters, digits and '-'), shown by that name.</summary>
    /// <typeparam name="TOptions">Its options class (public, with a parameterless constructor and settable properties).</typeparam>
    /// <exception cref="ArgumentException">The name is malformed or taken.</exception>
    public AlgorithmRegistry Register<TOptions>(string name, string description, Func<TOptions, ISemiSupervisedAlgorithm> factory)
        where TOptions : class, IAlgorithmOptions, new() =>
        Register(AlgorithmRegistration.Create(name, name, description, factory));

    /// <summary>Registers <paramref name="registration"/> (a built-in class's <c>Registration</c>, or one made with <see cref="AlgorithmRegistration.Create"/>).</summary>
    /// <exception cref="ArgumentException">Its name is taken.</exception>
    public AlgorithmRegistry Register(AlgorithmRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_lock)
        {
            if (_registrations.Any(r => r.Name == registration.Name))
            {
                throw new ArgumentException($"An algorithm named '{registration.Name}' is registered already.", nameof(registration));
            }

            _registrations.Add(registration);
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
