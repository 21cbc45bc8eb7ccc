namespace MetaSemi.Algorithms;

/// <summary>How the meta-gradient G with respect to the pseudo-labels is obtained (docs/design.md §2.1.3).</summary>
public enum MetaGradientMethod
{
    /// <summary>The paper's first-order finite difference along the labelled gradient (the default).</summary>
    FiniteDifference,

    /// <summary>Second-order autograd (double backward), no finite differences.</summary>
    Exact,

    /// <summary>No meta step: ŷ is the model's own prediction (plain consistency training, an ablation).</summary>
    None,
}
