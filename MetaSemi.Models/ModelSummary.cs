using TorchSharp;

namespace MetaSemi.Models;

/// <summary>Size facts about a module, for reports and tests.</summary>
public static class ModelSummary
{
    /// <summary>Number of scalar parameters (trainable or not; buffers excluded).</summary>
    /// <param name="module">The module to count.</param>
    public static long ParameterCount(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.parameters().Sum(p => p.numel());
    }
}
