using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The scalar state a checkpoint carries besides the model and the optimizer (SPEC §2,
/// "Resuming"): where the run stands, and what its random sources and data stream will do next.
/// </summary>
/// <param name="Step">Completed steps.</param>
/// <param name="BestAccuracy">Best top-1 so far (NaN before the first evaluation).</param>
/// <param name="BestStep">Step of <paramref name="BestAccuracy"/>.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="StreamPosition">Pairs drawn from the training stream.</param>
public sealed record CheckpointInfo(long Step, double BestAccuracy, long BestStep, int Seed, long StreamPosition);

/// <summary>
/// Reads and writes checkpoint files: a header, the scalar <see cref="CheckpointInfo"/>, the states
/// of the trainer's generator and of torch's global generator, the model's state dictionary
/// (TorchSharp format) and the optimizer's state. Files are written to a temporary name and then
/// renamed, so a crash mid-write never leaves a broken checkpoint.
/// TorchSharp 0.107 cannot read the CUDA generators' state, so no checkpoint carries it; instead
/// <see cref="Save"/> and <see cref="Restore"/> both reseed the CUDA generators (where CUDA is
/// available) from the run's seed and the checkpoint's step, so that after step k an uninterrupted
/// run and a run resumed from its step-k checkpoint draw the same CUDA random numbers (dropout on a GPU).
/// </summary>
public static class Checkpoint
{
    private const string Magic = "MetaSemi.NET checkpoint";
    private const int FormatVersion = 1;

    /// <summary>
    /// Writes a checkpoint to <paramref name="path"/> atomically (temporary file, then rename), then
    /// reseeds the CUDA generators from (seed, step) where CUDA is available.
    /// </summary>
    public static void Save(
        string path,
        CheckpointInfo info,
        torch.nn.Module model,
        torch.optim.Optimizer optimizer,
        torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(generator);
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(info.Step);
            writer.Write(info.BestAccuracy);
            writer.Write(info.BestStep);
            writer.Write(info.Seed);
            writer.Write(info.StreamPosition);
            WriteState(writer, generator.get_state());
            WriteState(writer, torch.get_rng_state());
            model.save(writer);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        ReseedCuda(info);
    }

    /// <summary>Copies a checkpoint atomically (used for <c>model_best</c>).</summary>
    public static void Copy(string source, string destination)
    {
        string temporary = destination + ".tmp";
        File.Copy(source, temporary, overwrite: true);
        File.Move(temporary, destination, overwrite: true);
    }

    /// <summary>
    /// Restores everything a checkpoint holds into <paramref name="model"/>, <paramref name="optimizer"/>,
    /// <paramref name="generator"/> and torch's global CPU generator, and reseeds the CUDA generators
    /// as <see cref="Save"/> did.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a MetaSemi.NET checkpoint or does not match the model.</exception>
    public static CheckpointInfo Restore(
        string path,
        torch.nn.Module model,
        torch.optim.Optimizer optimizer,
        torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(generator);
        return Read(path, model, reader =>
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        }, generator);
    }

    /// <summary>Loads only the model weights (and buffers) of a checkpoint, for evaluation or feature extraction.</summary>
    /// <exception cref="InvalidDataException">The file is not a MetaSemi.NET checkpoint or does not match the model.</exception>
    public static CheckpointInfo LoadModel(string path, torch.nn.Module model) => Read(path, model, null, null);

    private static CheckpointInfo Read(string path, torch.nn.Module model, Action<BinaryReader>? readOptimizer, torch.Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"'{path}' is not a MetaSemi.NET checkpoint (wrong header).");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"'{path}' is checkpoint format {version}; this version reads format {FormatVersion}.");
            }

            var info = new CheckpointInfo(reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt64());
            var generatorState = ReadState(reader);
            var globalState = ReadState(reader);
            model.load(reader, strict: true);
            if (readOptimizer is not null)
            {
                readOptimizer(reader);
                using var generatorTensor = torch.tensor(generatorState);
                using var globalTensor = torch.tensor(globalState);
                generator!.set_state(generatorTensor);
                torch.set_rng_state(globalTensor);
                ReseedCuda(info);
            }

            return info;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is truncated: the checkpoint ended early.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' does not match the model: {e.Message}", e);
        }
    }

    /// <summary>The CUDA half of the generator state (see the class remarks); a no-op without CUDA.</summary>
    private static void ReseedCuda(CheckpointInfo info)
    {
        if (!torch.cuda.is_available())
        {
            return;
        }

        // SplitMix64 finaliser of (seed, step): distinct, well-mixed seeds for neighbouring steps.
        ulong z = unchecked(((ulong)info.Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)info.Step * 0xBF58476D1CE4E5B9UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        torch.cuda.manual_seed_all(unchecked((long)((z ^ (z >> 31)) >> 1)));
    }

    private static void WriteState(BinaryWriter writer, torch.Tensor state)
    {
        using (state)
        {
            var bytes = state.data<byte>().ToArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static byte[] ReadState(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        if (length < 0)
        {
            throw new InvalidDataException($"Corrupt checkpoint: generator state length {length}.");
        }

        return reader.ReadBytes(length);
    }
}
