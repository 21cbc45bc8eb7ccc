using System.Reflection;
using System.Runtime.CompilerServices;
using MetaSemi.Algorithms;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// The library's <c>Use…</c> builder methods, found by reflection: public static extension methods on
/// <see cref="SemiSupervisedTrainerBuilder"/> that take an <c>Action&lt;TOptions&gt;</c>, by options type, so that
/// tests over every registered algorithm call each one's own method without a table of them.
/// </summary>
internal static class AlgorithmUseMethods
{
    /// <summary>Every such method of the library.</summary>
    public static IReadOnlyList<MethodInfo> All { get; } = [.. typeof(AlgorithmRegistry).Assembly.GetExportedTypes()
        .Where(t => t.IsAbstract && t.IsSealed)
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.Name.StartsWith("Use", StringComparison.Ordinal) && m.IsDefined(typeof(ExtensionAttribute)) && OptionsTypeOf(m) is not null)];

    /// <summary>The options type of a <c>Use…</c> method's <c>Action&lt;TOptions&gt;</c>, or null when it takes none.</summary>
    public static Type? OptionsTypeOf(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var parameters = method.GetParameters();
        return parameters.Length == 2 && parameters[0].ParameterType == typeof(SemiSupervisedTrainerBuilder)
            && parameters[1].ParameterType.IsGenericType && parameters[1].ParameterType.GetGenericTypeDefinition() == typeof(Action<>)
            ? parameters[1].ParameterType.GetGenericArguments()[0]
            : null;
    }

    /// <summary>The <c>Use…</c> method for <paramref name="registration"/>'s options type.</summary>
    public static MethodInfo For(AlgorithmRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return All.Single(m => OptionsTypeOf(m) == registration.OptionsType);
    }

    /// <summary>
    /// Calls the algorithm's own <c>Use…</c> method on <paramref name="builder"/> with <paramref name="configure"/>
    /// (an <c>Action&lt;TBase&gt;</c> is an <c>Action&lt;TOptions&gt;</c> for any options class deriving from TBase).
    /// </summary>
    public static SemiSupervisedTrainerBuilder Use<TBase>(SemiSupervisedTrainerBuilder builder, string name, Action<TBase> configure)
        where TBase : class, IAlgorithmOptions =>
        (SemiSupervisedTrainerBuilder)For(AlgorithmRegistry.Default.Get(name)).Invoke(null, [builder, configure])!;
}
