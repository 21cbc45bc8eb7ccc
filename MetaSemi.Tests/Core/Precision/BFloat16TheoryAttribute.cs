namespace MetaSemi.Tests.Core.Precision;

/// <summary>A theory skipped, with the reason, where bf16 autocast cannot run (<see cref="BFloat16Support"/>).</summary>
public sealed class BFloat16TheoryAttribute : TheoryAttribute
{
    public BFloat16TheoryAttribute()
    {
        if (BFloat16Support.Unavailable(TorchSharp.torch.CPU) is { } reason)
        {
            Skip = reason;
        }
    }
}
