namespace MetaSemi.Benchmarks;

/// <summary>
/// The work of one benchmark operation in forward-pass equivalents of its <c>Network</c> case: a
/// forward counts 1, a backward 2 (input and weight gradients), a double backward 2 (one
/// Jacobian-vector pass through the backward graph: an estimate, said in the report).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ForwardPassesAttribute(double count) : Attribute
{
    /// <summary>Forward-pass equivalents per operation.</summary>
    public double Count { get; } = count;
}

/// <summary>A fixed FLOP count per operation (the ceiling's matrix product and convolution).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FlopsAttribute(double flops) : Attribute
{
    /// <summary>FLOPs per operation.</summary>
    public double Flops { get; } = flops;
}

/// <summary>Images produced per operation, for the images/s column of the data pipeline.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImagesPerOperationAttribute(int images) : Attribute
{
    /// <summary>Images per operation.</summary>
    public int Images { get; } = images;
}
