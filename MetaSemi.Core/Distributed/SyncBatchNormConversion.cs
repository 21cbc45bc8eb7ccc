using System.Collections;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;

namespace MetaSemi.Distributed;

/// <summary>
/// Replaces the BatchNorm2d layers of an existing model by <see cref="SyncBatchNorm2d"/> (PyTorch's
/// <c>convert_sync_batchnorm</c>), copying each one's configuration, parameters, buffers and mode.
/// </summary>
public static class SyncBatchNormConversion
{
    private static readonly FieldInfo? SubmodulesField =
        typeof(torch.nn.Module).GetField("_internal_submodules", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>
    /// Replaces every BatchNorm2d below <paramref name="root"/> by a SyncBatchNorm2d over
    /// <paramref name="communicator"/>: in the parent's registered children (so names and state dict
    /// keys stay), and in the parent's fields and lists that held it (so <c>forward</c> uses it).
    /// Call it before creating the optimizer, on every rank.
    /// </summary>
    /// <param name="root">The model; a BatchNorm2d itself cannot be replaced in place (use <see cref="SyncBatchNorm2d.FromBatchNorm"/>).</param>
    /// <param name="communicator">The group whose batches form the statistics.</param>
    /// <returns>The state-dict paths of the replaced layers, e.g. <c>layer1.0.bn1</c>.</returns>
    /// <exception cref="InvalidOperationException">
    /// A parent holds a BatchNorm2d in a field or list whose declared type cannot hold a
    /// SyncBatchNorm2d (e.g. a field declared <c>BatchNorm2d</c>); nothing is half-replaced in that parent.
    /// </exception>
    public static IReadOnlyList<string> ConvertBatchNorm2d(torch.nn.Module root, ICommunicator communicator)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(communicator);
        if (root is BatchNorm2d)
        {
            throw new ArgumentException("The root is a BatchNorm2d, which cannot be replaced in place: use SyncBatchNorm2d.FromBatchNorm.", nameof(root));
        }

        var submodules = SubmodulesField
            ?? throw new InvalidOperationException("This TorchSharp version keeps sub-modules differently (no Module._internal_submodules): build the model with SyncBatchNorm2d instead.");
        var parents = new List<(string Path, torch.nn.Module Module)> { (string.Empty, root) };
        parents.AddRange(root.named_modules().Where(m => m.name.Length > 0).Select(m => (m.name, m.module)));

        // Find and check every holder first, so that a refusal leaves the whole model as it was.
        var plans = new List<(string Path, string Name, torch.nn.Module Parent, BatchNorm2d Old, List<Action<torch.nn.Module>> Holders)>();
        foreach (var (parentPath, parent) in parents)
        {
            foreach (var (name, child) in parent.named_children())
            {
                if (child is BatchNorm2d old)
                {
                    var path = Join(parentPath, name);
                    plans.Add((path, name, parent, old, Holders(parent, child, path)));
                }
            }
        }

        var converted = new List<string>();
        foreach (var (path, name, parent, old, holders) in plans)
        {
            var replacement = SyncBatchNorm2d.FromBatchNorm(old, communicator);
            foreach (var holder in holders)
            {
                holder(replacement);
            }

            var registry = (IDictionary<string, torch.nn.Module>)submodules.GetValue(parent)!;
            registry[name] = replacement;
            converted.Add(path);
        }

        return converted;
    }

    /// <summary>Setters for every field (or list element) of <paramref name="parent"/> that refers to <paramref name="child"/>.</summary>
    private static List<Action<torch.nn.Module>> Holders(torch.nn.Module parent, torch.nn.Module child, string path)
    {
        var setters = new List<Action<torch.nn.Module>>();
        for (var type = parent.GetType(); type is not null && type != typeof(torch.nn.Module); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var value = field.GetValue(parent);
                if (ReferenceEquals(value, child))
                {
                    Require(field.FieldType, parent, field, path);
                    setters.Add(replacement => field.SetValue(parent, replacement));
                }
                else if (value is IList list and not torch.Tensor && !field.FieldType.IsArray)
                {
                    for (int i = 0; i < list.Count; i++)
                    {
                        if (ReferenceEquals(list[i], child))
                        {
                            Require(ElementType(list.GetType()), parent, field, path);
                            int index = i;
                            setters.Add(replacement => list[index] = replacement);
                        }
                    }
                }
            }
        }

        return setters;
    }

    private static void Require(Type declared, torch.nn.Module parent, FieldInfo field, string path)
    {
        if (!declared.IsAssignableFrom(typeof(SyncBatchNorm2d)))
        {
            throw new InvalidOperationException(
                $"Cannot replace the BatchNorm2d at '{path}': {parent.GetType().Name}.{field.Name} is declared as {declared.Name}, which cannot hold a SyncBatchNorm2d. " +
                "Declare it as Module<Tensor, Tensor> or BatchNorm, or build the model with SyncBatchNorm2d.");
        }
    }

    private static Type ElementType(Type listType) =>
        listType.GetInterfaces().Concat([listType])
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault() ?? typeof(object);

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}
