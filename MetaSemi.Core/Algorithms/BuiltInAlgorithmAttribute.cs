namespace MetaSemi.Algorithms;

/// <summary>
/// Marks a class of this library as a built-in algorithm: <see cref="BuiltInAlgorithms"/> finds it, reads its public
/// static <c>Registration</c> and registers it in <see cref="AlgorithmRegistry.Default"/> at <see cref="Order"/>
/// (the order the CLI, <c>compare</c>, the step benchmarks and docs/algorithms.md list the algorithms in).
/// </summary>
/// <param name="order">Its place in the list; unique among the built-in algorithms.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
internal sealed class BuiltInAlgorithmAttribute(int order) : Attribute
{
    /// <summary>Its place in the list (lower first).</summary>
    public int Order { get; } = order;
}
