namespace MetaSemi.Tests.Core.Precision;

/// <summary>A fact skipped, with the reason, where bf16 autocast cannot run (<see cref="BFloat16Support"/>).</summary>
public sealed class BFloat16FactAttribute : FactAttribute
{
    public BFloat16FactAttribute()
    {
        if (BFloat16Support.Unavailable(TorchSharp.torch.CPU) is { } reason)
        {
            Skip = reason;
        }
    }
}
