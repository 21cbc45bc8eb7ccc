using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Models.Onnx;

/// <summary>A module's direct children by name; a missing one names the module and what it has.</summary>
internal sealed class ModuleChildren(nn.Module module)
{
    private readonly Dictionary<string, nn.Module> _children =
        module.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);

    /// <summary>The child called <paramref name="name"/>.</summary>
    /// <exception cref="NotSupportedException">The module has no such child (its layout is not the one the exporter knows).</exception>
    public nn.Module this[string name] => _children.TryGetValue(name, out var child)
        ? child
        : throw new NotSupportedException(
            $"ONNX export expected a sub-module '{name}' in {module.GetType().Name} '{module.GetName()}'; it has: {string.Join(", ", _children.Keys)}.");

    /// <summary>The child called <paramref name="name"/>, or null when there is none.</summary>
    public nn.Module? GetValueOrDefault(string name) => _children.GetValueOrDefault(name);

    /// <summary>Whether there is a child called <paramref name="name"/>.</summary>
    public bool ContainsKey(string name) => _children.ContainsKey(name);

    /// <summary>The child called <paramref name="name"/>, when there is one.</summary>
    public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out nn.Module? child) => _children.TryGetValue(name, out child);
}
