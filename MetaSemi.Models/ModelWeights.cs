using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MetaSemi.Models;

/// <summary>
/// Saves and loads model weights in PyTorch's <c>state_dict</c> format (<c>.pt</c>/<c>.pth</c>,
/// through TorchSharp.PyBridge), safetensors, and TorchSharp's native format. Loading is all or
/// nothing: names and shapes are checked first and any difference throws
/// <see cref="StateDictMismatchException"/> listing every bad key.
/// </summary>
public static class ModelWeights
{
    /// <summary>The format <see cref="WeightFormat.Auto"/> picks for <paramref name="path"/>.</summary>
    /// <param name="path">A weight file path.</param>
    /// <exception cref="ArgumentException">The extension names no known format.</exception>
    public static WeightFormat InferFormat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".PT" or ".PTH" or ".TAR" or ".CKPT" => WeightFormat.PyTorch,
            ".SAFETENSORS" => WeightFormat.Safetensors,
            ".BIN" or ".DAT" or ".TS" => WeightFormat.TorchSharp,
            _ => throw new ArgumentException(
                $"Cannot tell the weight format of '{path}' from its extension: use .pt/.pth/.tar/.ckpt (PyTorch), .safetensors, or .bin/.dat/.ts (TorchSharp), or name the format.",
                nameof(path)),
        };
    }

    /// <summary>Writes the module's parameters and buffers (its <c>state_dict</c>) to a file.</summary>
    /// <param name="module">The model.</param>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="format">File format; <see cref="WeightFormat.Auto"/> picks it from the extension.</param>
    public static void Save(nn.Module module, string path, WeightFormat format = WeightFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(path);
        switch (Resolve(path, format))
        {
            case WeightFormat.PyTorch:
                module.save_py(path);
                break;
            case WeightFormat.Safetensors:
                module.save_safetensors(path);
                break;
            default:
                module.save(path);
                break;
        }
    }

    /// <summary>
    /// Loads weights from a file into <paramref name="module"/>, after checking that the file has
    /// exactly the module's keys with the module's shapes (dtypes are converted as PyTorch does).
    /// </summary>
    /// <param name="module">The model to fill.</param>
    /// <param name="path">The weight file.</param>
    /// <param name="format">File format; <see cref="WeightFormat.Auto"/> picks it from the extension.</param>
    /// <param name="key">
    /// For a PyTorch checkpoint dictionary (e.g. the reference's <c>{'step', 'model', 'best_acc',
    /// 'optimizer'}</c>), the entry that holds the state dict (<c>"model"</c>). For the flat
    /// formats, a key prefix: only keys starting with <c>key.</c> are read, with it removed.
    /// </param>
    /// <param name="stripPrefix">A prefix removed from every key that has it, e.g. <c>"module."</c> from DataParallel.</param>
    /// <exception cref="StateDictMismatchException">Keys or shapes differ; nothing was loaded.</exception>
    public static void Load(nn.Module module, string path, WeightFormat format = WeightFormat.Auto, string? key = null, string? stripPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        var stateDict = Read(path, format, key, stripPrefix);
        LoadStateDict(module, stateDict, path);
    }

    /// <summary>Reads a weight file into a dictionary of CPU tensors (the caller owns them).</summary>
    /// <param name="path">The weight file.</param>
    /// <param name="format">File format; <see cref="WeightFormat.Auto"/> picks it from the extension.</param>
    /// <param name="key">Entry of a PyTorch checkpoint dictionary, or key prefix of a flat file (see <see cref="Load"/>).</param>
    /// <param name="stripPrefix">A prefix removed from every key that has it.</param>
    public static Dictionary<string, Tensor> Read(string path, WeightFormat format = WeightFormat.Auto, string? key = null, string? stripPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Weight file '{path}' does not exist.", path);
        }

        var resolved = Resolve(path, format);
        var entries = resolved switch
        {
            WeightFormat.PyTorch => ReadPyTorch(path, key),
            WeightFormat.Safetensors => SelectPrefix(Safetensors.LoadStateDict(path), key, path),
            _ => SelectPrefix(ReadTorchSharp(path), key, path),
        };

        if (string.IsNullOrEmpty(stripPrefix))
        {
            return entries;
        }

        return entries.ToDictionary(
            e => e.Key.StartsWith(stripPrefix, StringComparison.Ordinal) ? e.Key[stripPrefix.Length..] : e.Key,
            e => e.Value,
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Copies <paramref name="stateDict"/> into <paramref name="module"/> if its keys equal the
    /// module's <c>state_dict</c> keys and every shape matches; otherwise throws listing every
    /// missing, unexpected and mis-shaped key and changes nothing.
    /// </summary>
    /// <param name="module">The model to fill.</param>
    /// <param name="stateDict">Name → tensor, as PyTorch's <c>state_dict()</c>.</param>
    /// <param name="source">Where the weights came from, for the error message.</param>
    /// <exception cref="StateDictMismatchException">Keys or shapes differ; nothing was loaded.</exception>
    public static void LoadStateDict(nn.Module module, IReadOnlyDictionary<string, Tensor> stateDict, string source = "state dict")
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stateDict);
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
        var unexpected = stateDict.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var misshaped = target
            .Where(t => stateDict.TryGetValue(t.Key, out var s) && !s.shape.SequenceEqual(t.Value.shape))
            .Select(t => (t.Key, t.Value.shape, stateDict[t.Key].shape))
            .ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || misshaped.Count > 0)
        {
            throw new StateDictMismatchException(source, missing, unexpected, misshaped);
        }

        using var noGrad = no_grad();
        foreach (var (name, tensor) in target)
        {
            tensor.copy_(stateDict[name]);
        }
    }

    private static WeightFormat Resolve(string path, WeightFormat format) =>
        format == WeightFormat.Auto ? InferFormat(path) : format;

    private static Dictionary<string, Tensor> ReadPyTorch(string path, string? key)
    {
        Hashtable root;
        using (var stream = File.OpenRead(path))
        {
            root = PyTorchUnpickler.UnpickleStateDict(stream);
        }

        var chosen = root;
        if (key is not null)
        {
            chosen = root[key] as Hashtable ?? throw new ArgumentException(
                $"'{path}' has no dictionary under key '{key}'; its top-level keys are: {TopLevelKeys(root)}.", nameof(key));
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var notTensors = new List<string>();
        foreach (DictionaryEntry entry in chosen)
        {
            if (entry.Value is Tensor tensor)
            {
                result[(string)entry.Key] = tensor;
            }
            else
            {
                notTensors.Add(entry.Key.ToString() ?? string.Empty);
            }
        }

        if (notTensors.Count > 0)
        {
            DisposeAll(result.Values);
            throw new ArgumentException(
                $"'{path}'{(key is null ? string.Empty : $"['{key}']")} is not a state dict: entries {string.Join(", ", notTensors.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))} are not tensors. "
                + (key is null ? "If it is a checkpoint, name the key that holds the weights (the reference uses 'model')." : string.Empty),
                nameof(key));
        }

        return result;
    }

    private static Dictionary<string, Tensor> ReadTorchSharp(string path)
    {
        // TorchSharp's format: LEB128 entry count, then per entry a .NET string name and a tensor.
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = ReadLeb128(reader);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            result[name] = Tensor.Load(reader);
        }

        return result;
    }

    private static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Corrupt TorchSharp weight file: entry count is not a valid LEB128 number.");
    }

    private static Dictionary<string, Tensor> SelectPrefix(Dictionary<string, Tensor> entries, string? key, string path)
    {
        if (key is null)
        {
            return entries;
        }

        var prefix = key + ".";
        var selected = entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal);
        if (selected.Count == 0)
        {
            throw new ArgumentException($"'{path}' has no keys starting with '{prefix}'.", nameof(key));
        }

        DisposeAll(entries.Where(e => !e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Value));
        return selected;
    }

    private static string TopLevelKeys(Hashtable root) =>
        string.Join(", ", root.Keys.Cast<object>().Select(k => $"'{k}'").Order(StringComparer.Ordinal));

    private static void DisposeAll(IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}
