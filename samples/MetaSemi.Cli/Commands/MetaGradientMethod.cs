namespace MetaSemi.Cli.Commands;

/// <summary>How <c>train</c> computes the meta-gradient of docs/design.md §2.1.3 (<c>none</c>: no meta-step, ŷ = p).</summary>
internal enum MetaGradientMethod
{
    FiniteDifference,
    Exact,
    None,
}
