using System.Text.Json;
using MetaSemi.Files;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// Reads and writes checkpoint files. Format 2 (written) is a <see cref="SectionFile"/> (docs/formats/section-file.md)
/// with the sections <c>model</c> (TorchSharp state dictionary), <c>optimizer</c>, <c>random</c> (the trainer's and
/// torch's generator states), <c>ema</c> (when the algorithm keeps an EMA teacher) and <c>algorithm</c> (its named
/// tensors), and the scalar <see cref="CheckpointInfo"/> in the metadata; every section is checksummed.
/// Format 1 files (a header, the scalars, the generator states, the model and the optimizer, back to back)
/// still load. Files are written to a temporary name and then renamed, so a crash mid-write never leaves a
/// broken checkpoint.
/// TorchSharp 0.107 cannot read the CUDA generators' state, so no checkpoint carries it; instead
/// <see cref="Save"/> and <see cref="Restore"/> both reseed the CUDA generators (where CUDA is
/// available) from the run's seed and the checkpoint's step, so that after step k an uninterrupted
/// run and a run resumed from its step-k checkpoint draw the same CUDA random numbers (dropout on a GPU).
/// </summary>
public static class Checkpoint
{
    /// <summary>The kind string checkpoint files start with (both formats).</summary>
    public const string Kind = "MetaSemi.NET checkpoint";

    private const string Magic = Kind;
    private const int FormatVersion1 = 1;

    /// <summary>
    /// Writes a checkpoint to <paramref name="path"/> atomically (temporary file, then rename), then
    /// reseeds the CUDA generators from (seed, step) where CUDA is available.
    /// </summary>
    public static void Save(
        string path,
        CheckpointInfo info,
        torch.nn.Module model,
        torch.optim.Optimizer optimizer,
        torch.Generator generator,
        IReadOnlyDictionary<string, torch.Tensor>? ema = null,
        IReadOnlyDictionary<string, torch.Tensor>? algorithmState = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(generator);
        var file = new SectionFileWriter()
            .Add(ModelSection, writer => model.save(writer))
            .Add(OptimizerSection, writer => ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer))
            .Add(RandomSection, writer =>
            {
                WriteState(writer, generator.get_state());
                WriteState(writer, torch.get_rng_state());
            });
        if (ema is not null)
        {
            file.Add(EmaSection, writer => TensorDictionaryFormat.Write(writer, ema));
        }

        file.Add(AlgorithmSection, writer => TensorDictionaryFormat.Write(writer, algorithmState ?? new Dictionary<string, torch.Tensor>()));
        file.Write(path, Kind, JsonSerializer.SerializeToElement(new CheckpointMetadata
        {
            Step = info.Step,
            BestAccuracy = double.IsNaN(info.BestAccuracy) ? null : info.BestAccuracy,
            BestStep = info.BestStep,
            ModelBestStep = info.ModelBestStep,
            Seed = info.Seed,
            StreamPosition = info.StreamPosition,
            Algorithm = info.Algorithm,
            RunId = info.RunId,
            Precision = info.Precision?.ToString(),
        }, MetadataJson));
        ReseedCuda(info);
    }

    /// <summary>The section holding the model's state dictionary.</summary>
    public const string ModelSection = "model";

    /// <summary>The section holding the optimizer's state.</summary>
    public const string OptimizerSection = "optimizer";

    /// <summary>The section holding the trainer's and torch's generator states.</summary>
    public const string RandomSection = "random";

    /// <summary>The section holding the EMA teacher's tensors.</summary>
    public const string EmaSection = "ema";

    /// <summary>The section holding the algorithm's own tensors.</summary>
    public const string AlgorithmSection = "algorithm";

    private static readonly JsonSerializerOptions MetadataJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The scalar state as the checkpoint's metadata (camelCase JSON; best accuracy null before the first evaluation).</summary>
    private sealed class CheckpointMetadata
    {
        public int Format { get; set; } = SectionFile.FormatVersion;

        public long Step { get; set; }

        public double? BestAccuracy { get; set; }

        public long BestStep { get; set; }

        public long ModelBestStep { get; set; }

        public int Seed { get; set; }

        public long StreamPosition { get; set; }

        public string? Algorithm { get; set; }

        public string? RunId { get; set; }

        public string? Precision { get; set; }
    }

    /// <summary>The recorded precision's name (<c>Float32</c>, <c>BFloat16</c>), or null when the file has none.</summary>
    /// <exception cref="InvalidDataException">The name is not a <see cref="Precision"/>.</exception>
    private static Precision? ParsePrecision(string path, string? name) =>
        name is null ? null
        : Enum.TryParse<Precision>(name, ignoreCase: false, out var precision) && Enum.IsDefined(precision) ? precision
        : throw new InvalidDataException($"'{path}': the checkpoint's precision '{name}' is not one of {string.Join(", ", Enum.GetNames<Precision>())}.");

    /// <summary>Copies a checkpoint atomically (used for <c>model_best</c>): a temporary file flushed to disk, then renamed.</summary>
    /// <exception cref="IOException">The copy cannot be written (a full disk); the message names <paramref name="destination"/>.</exception>
    public static void Copy(string source, string destination) => AtomicFile.Copy(source, destination);

    /// <summary>
    /// The scalar state of the checkpoint at <paramref name="path"/>, without a model: for format 2 after every
    /// checksum was verified (the whole file is read), for format 1 from its leading fields.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is damaged, or its fields are inconsistent; the message names it.</exception>
    public static CheckpointInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int version = FormatOf(path);
        if (version == FormatVersion1)
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            try
            {
                _ = reader.ReadString();
                _ = reader.ReadInt32();
                return Checked(path, new CheckpointInfo(reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt64()));
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"'{path}' is truncated: the checkpoint ended early.", e);
            }
        }

        if (version != SectionFile.FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is checkpoint format {version}; this version reads formats {FormatVersion1} and {SectionFile.FormatVersion}.");
        }

        return InfoOf(path, SectionFile.Read(path, Kind));
    }

    private static CheckpointInfo InfoOf(string path, SectionFile file)
    {
        CheckpointMetadata metadata;
        try
        {
            metadata = file.Metadata.Deserialize<CheckpointMetadata>(MetadataJson)
                ?? throw new InvalidDataException($"'{path}' has no checkpoint metadata.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': the checkpoint metadata is malformed ({e.Message}).", e);
        }

        return Checked(path, new CheckpointInfo(metadata.Step, metadata.BestAccuracy ?? double.NaN, metadata.BestStep, metadata.Seed, metadata.StreamPosition,
            metadata.ModelBestStep, metadata.Algorithm, metadata.RunId, ParsePrecision(path, metadata.Precision)));
    }

    /// <summary>
    /// Whether <paramref name="error"/>, raised by loading a checkpoint, says that a whole file does not fit the model
    /// (another architecture, class count or channels: the state dictionary's names or shapes differ) rather than that
    /// the file is damaged (a checksum, a truncation, a field out of range).
    /// </summary>
    public static bool IsModelMismatch(InvalidDataException error) => error?.InnerException is ArgumentException;

    /// <summary>The scalar fields' own consistency: what no run writes (a negative step, a best after the step, an accuracy outside [0, 1]).</summary>
    private static CheckpointInfo Checked(string path, CheckpointInfo info)
    {
        string? wrong =
            info.Step < 0 ? $"step {info.Step} is negative"
            : info.BestStep < 0 || info.BestStep > info.Step ? $"the best accuracy's step {info.BestStep} is not within the checkpoint's steps 0 to {info.Step}"
            : info.ModelBestStep < 0 || info.ModelBestStep > info.Step ? $"model_best's step {info.ModelBestStep} is not within the checkpoint's steps 0 to {info.Step}"
            : info.StreamPosition < 0 ? $"stream position {info.StreamPosition} is negative"
            : !double.IsNaN(info.BestAccuracy) && (info.BestAccuracy < 0 || info.BestAccuracy > 1) ? $"best accuracy {info.BestAccuracy} is outside [0, 1]"
            : null;
        return wrong is null ? info : throw new InvalidDataException($"'{path}' is damaged: {wrong}.");
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
        using var state = RestoreState(path, model, optimizer, generator);
        return state.Info;
    }

    /// <summary>
    /// As <see cref="Restore"/>, and returns the EMA and algorithm tensors too (owned by the caller: dispose the result).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a MetaSemi.NET checkpoint or does not match the model.</exception>
    public static CheckpointState RestoreState(
        string path,
        torch.nn.Module model,
        torch.optim.Optimizer optimizer,
        torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(generator);
        return Read(path, model, optimizer, generator);
    }

    /// <summary>Loads only the model weights (and buffers) of a checkpoint, for evaluation or feature extraction.</summary>
    /// <exception cref="InvalidDataException">The file is not a MetaSemi.NET checkpoint or does not match the model.</exception>
    public static CheckpointInfo LoadModel(string path, torch.nn.Module model)
    {
        using var state = Read(path, model, null, null);
        return state.Info;
    }

    /// <summary>The format version of the checkpoint at <paramref name="path"/> (1 or 2).</summary>
    /// <exception cref="InvalidDataException">The file is not a MetaSemi.NET checkpoint.</exception>
    public static int FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"'{path}' is not a MetaSemi.NET checkpoint (wrong header).");
            }

            return reader.ReadInt32();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a MetaSemi.NET checkpoint (its header cannot be read).", e);
        }
    }

    private static CheckpointState Read(string path, torch.nn.Module model, torch.optim.Optimizer? optimizer, torch.Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        int version = FormatOf(path);
        if (version == FormatVersion1)
        {
            var info = ReadFormat1(path, model, optimizer is null ? null : reader => ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader), generator);
            return new CheckpointState(info, null, new Dictionary<string, torch.Tensor>());
        }

        if (version != SectionFile.FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is checkpoint format {version}; this version reads formats {FormatVersion1} and {SectionFile.FormatVersion}.");
        }

        var file = SectionFile.Read(path, Kind);
        var checkpointInfo = InfoOf(path, file);
        try
        {
            using (var section = new BinaryReader(file.Open(ModelSection)))
            {
                model.load(section, strict: true);
            }

            if (optimizer is null)
            {
                return new CheckpointState(checkpointInfo, null, new Dictionary<string, torch.Tensor>());
            }

            using (var section = new BinaryReader(file.Open(OptimizerSection)))
            {
                ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(section);
            }

            using (var section = new BinaryReader(file.Open(RandomSection)))
            {
                using var generatorTensor = torch.tensor(ReadState(section));
                using var globalTensor = torch.tensor(ReadState(section));
                generator!.set_state(generatorTensor);
                torch.set_rng_state(globalTensor);
            }

            ReseedCuda(checkpointInfo);
            Dictionary<string, torch.Tensor>? ema = null;
            if (file.Has(EmaSection))
            {
                using var section = new BinaryReader(file.Open(EmaSection));
                ema = TensorDictionaryFormat.Read(section, $"'{path}' section '{EmaSection}'");
            }

            var algorithm = new Dictionary<string, torch.Tensor>();
            if (file.Has(AlgorithmSection))
            {
                using var section = new BinaryReader(file.Open(AlgorithmSection));
                algorithm = TensorDictionaryFormat.Read(section, $"'{path}' section '{AlgorithmSection}'");
            }

            return new CheckpointState(checkpointInfo, ema, algorithm);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is damaged: a section ended early.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' does not match the model: {e.Message}", e);
        }
    }

    /// <summary>Format 1: the header, the scalars, the two generator states, the model and the optimizer, back to back.</summary>
    private static CheckpointInfo ReadFormat1(string path, torch.nn.Module model, Action<BinaryReader>? readOptimizer, torch.Generator? generator)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            _ = reader.ReadString();
            _ = reader.ReadInt32();
            var info = Checked(path, new CheckpointInfo(reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt64()));
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

        // Distinct, well-mixed seeds for neighbouring steps.
        torch.cuda.manual_seed_all(SplitMix64.ToSeed(SplitMix64.Finalize(SplitMix64.Combine(unchecked((ulong)info.Seed), unchecked((ulong)info.Step)))));
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
