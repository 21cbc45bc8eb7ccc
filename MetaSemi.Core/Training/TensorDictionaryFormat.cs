using TorchSharp;

namespace MetaSemi;

/// <summary>
/// Named tensors as bytes (a checkpoint's <c>ema</c> and <c>algorithm</c> sections): int32 count, then per tensor
/// its name (BinaryWriter string), int32 scalar type, int32 rank, int64 sizes, int64 byte length and the raw
/// little-endian bytes of the contiguous CPU tensor.
/// </summary>
internal static class TensorDictionaryFormat
{
    public static void Write(BinaryWriter writer, IReadOnlyDictionary<string, torch.Tensor> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            using var cpu = tensor.detach().cpu().contiguous();
            writer.Write(name);
            writer.Write((int)cpu.dtype);
            writer.Write((int)cpu.dim());
            foreach (long size in cpu.shape)
            {
                writer.Write(size);
            }

            var bytes = cpu.bytes;
            writer.Write((long)bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; the tensors are new CPU tensors owned by the caller.</summary>
    /// <exception cref="InvalidDataException">The bytes are malformed; <paramref name="what"/> names the section.</exception>
    public static Dictionary<string, torch.Tensor> Read(BinaryReader reader, string what)
    {
        int count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"{what}: tensor count {count}.");
        }

        var result = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            var dtype = (torch.ScalarType)reader.ReadInt32();
            int rank = reader.ReadInt32();
            if (rank is < 0 or > 16 || !Enum.IsDefined(dtype))
            {
                throw new InvalidDataException($"{what}: tensor '{name}' has rank {rank} and type {(int)dtype}.");
            }

            var shape = new long[rank];
            for (int d = 0; d < rank; d++)
            {
                shape[d] = reader.ReadInt64();
            }

            long length = reader.ReadInt64();
            byte[] bytes = reader.ReadBytes(checked((int)length));
            var tensor = torch.empty(shape, dtype).DetachFromDisposeScope();
            if (bytes.Length != length || tensor.bytes.Length != length)
            {
                tensor.Dispose();
                throw new InvalidDataException($"{what}: tensor '{name}' has {bytes.Length} bytes; its shape [{string.Join(", ", shape)}] of {dtype} needs {length}.");
            }

            tensor.bytes = bytes;
            result[name] = tensor;
        }

        return result;
    }
}
