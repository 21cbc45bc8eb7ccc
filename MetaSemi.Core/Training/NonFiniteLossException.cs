namespace MetaSemi;

/// <summary>
/// A loss became NaN or infinite. Thrown before the optimizer step of that step, so that the model,
/// the optimizer state and the last checkpoint are left as they were.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception for <paramref name="lossName"/> at <paramref name="step"/>.</summary>
    public NonFiniteLossException(long step, string lossName, double value)
        : base($"Training stopped at step {step}: {lossName} is {value}. Nothing was updated or written for this step; lower the learning rate or check the data.")
    {
        Step = step;
        LossName = lossName;
        Value = value;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public NonFiniteLossException()
        : this(-1, "a loss", double.NaN)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public NonFiniteLossException(string message)
        : base(message)
    {
        LossName = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NonFiniteLossException(string message, Exception innerException)
        : base(message, innerException)
    {
        LossName = "";
    }

    /// <summary>The step (1-based) whose loss was not finite.</summary>
    public long Step { get; }

    /// <summary>Which loss, by its metric name (for example <c>train/unlabel-loss</c>).</summary>
    public string LossName { get; }

    /// <summary>The offending value.</summary>
    public double Value { get; }
}
