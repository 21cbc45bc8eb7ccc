using System.Reflection;

namespace MetaSemi.Algorithms;

/// <summary>
/// The algorithms that ship with MetaSemi.NET, found in this assembly: every class marked
/// <see cref="BuiltInAlgorithmAttribute"/>, in its <see cref="BuiltInAlgorithmAttribute.Order"/>. Each carries its own
/// public static <c>Registration</c> (name, display name, description with the paper, options type, factory), its
/// <c>Use…</c> builder method in a <c>…BuilderExtensions</c> file beside it, and its step-benchmark cases
/// (<see cref="StepBenchmarkCaseAttribute"/>); nothing else lists it (docs/algorithms.md, "Adding an algorithm").
/// </summary>
internal static class BuiltInAlgorithms
{
    /// <summary>The name of the static property each built-in algorithm class declares its registration in.</summary>
    public const string RegistrationProperty = "Registration";

    /// <summary>Every built-in algorithm class, in order.</summary>
    public static IReadOnlyList<Type> Classes { get; } = Discover();

    /// <summary>Every built-in algorithm's registration, in order.</summary>
    public static IReadOnlyList<AlgorithmRegistration> All { get; } = [.. Classes.Select(RegistrationOf)];

    /// <summary>Registers every built-in algorithm in <paramref name="registry"/>.</summary>
    public static AlgorithmRegistry Register(AlgorithmRegistry registry)
    {
        foreach (var registration in All)
        {
            registry.Register(registration);
        }

        return registry;
    }

    /// <summary>The registration <paramref name="algorithmClass"/> declares in its public static <c>Registration</c> property.</summary>
    /// <exception cref="InvalidOperationException">It declares none.</exception>
    public static AlgorithmRegistration RegistrationOf(Type algorithmClass)
    {
        ArgumentNullException.ThrowIfNull(algorithmClass);
        var property = algorithmClass.GetProperty(RegistrationProperty, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
        return property?.GetValue(null) as AlgorithmRegistration ?? throw new InvalidOperationException(
            $"{algorithmClass.Name} is marked [BuiltInAlgorithm] but has no public static {nameof(AlgorithmRegistration)} {RegistrationProperty} property.");
    }

    private static Type[] Discover()
    {
        var marked = typeof(BuiltInAlgorithms).Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<BuiltInAlgorithmAttribute>()))
            .Where(p => p.Attribute is not null)
            .OrderBy(p => p.Attribute!.Order)
            .ToArray();
        var clash = marked.GroupBy(p => p.Attribute!.Order).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"Built-in algorithms {string.Join(" and ", clash.Select(p => p.Type.Name))} share [BuiltInAlgorithm({clash.Key})]; each needs its own order.");
        }

        return [.. marked.Select(p => p.Type)];
    }
}
