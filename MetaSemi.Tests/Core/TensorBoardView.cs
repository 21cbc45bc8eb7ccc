using System.Buffers.Binary;
using System.Text;
using MetaSemi.TensorBoard;

namespace MetaSemi.Tests.Core;

/// <summary>
/// What TensorBoard shows of a run folder's scalars, read as its event accumulator reads them: every
/// <c>*tfevents*</c> file in name order, record by record (a record cut short by a kill ends its file; a CRC
/// mismatch fails the test), and, once a file has declared <c>brain.Event:2</c>, a SessionLog START at step s
/// discards every scalar seen so far with a step at or after s (EventAccumulator._CheckForRestartAndMaybePurge).
/// </summary>
internal static class TensorBoardView
{
    /// <summary>The scalars per tag, in the order TensorBoard keeps them.</summary>
    public static Dictionary<string, List<(long Step, float Value)>> Read(string folder)
    {
        var scalars = new Dictionary<string, List<(long Step, float Value)>>(StringComparer.Ordinal);
        int fileVersion = 0;
        foreach (var file in Directory.GetFiles(folder, "*tfevents*").Order(StringComparer.Ordinal))
        {
            foreach (var record in Records(file))
            {
                var e = Decode(record);
                if (e.FileVersion is { } version)
                {
                    fileVersion = int.Parse(version["brain.Event:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                }

                if (fileVersion >= 2 && e.SessionStatus == EventEncoding.SessionStart)
                {
                    foreach (var list in scalars.Values)
                    {
                        list.RemoveAll(s => s.Step >= e.Step);
                    }
                }

                foreach (var (tag, value) in e.Scalars)
                {
                    if (!scalars.TryGetValue(tag, out var list))
                    {
                        scalars[tag] = list = [];
                    }

                    list.Add((e.Step, value));
                }
            }
        }

        return scalars;
    }

    /// <summary>The records of one TFRecord file; a truncated last record ends the file (as TensorBoard's reader does).</summary>
    public static IEnumerable<byte[]> Records(string file)
    {
        var bytes = File.ReadAllBytes(file);
        int at = 0;
        while (at + 12 <= bytes.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            Assert.Equal(TfRecordFraming.MaskedCrc32C(bytes.AsSpan(at, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)));
            if ((ulong)(bytes.Length - at - 16) < length)
            {
                yield break;
            }

            var data = bytes.AsSpan(at + 12, (int)length);
            Assert.Equal(TfRecordFraming.MaskedCrc32C(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length)));
            yield return data.ToArray();
            at += 16 + (int)length;
        }
    }

    internal sealed record DecodedEvent(double WallTime, long Step, string? FileVersion, int? SessionStatus, List<(string Tag, float Value)> Scalars);

    /// <summary>Decodes the Event fields TensorBoard's scalar view uses; unknown fields are skipped by wire type.</summary>
    public static DecodedEvent Decode(byte[] bytes)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        int? status = null;
        var scalars = new List<(string, float)>();
        foreach (var (field, wire, value, payload) in Fields(bytes))
        {
            switch (field)
            {
                case 1 when wire == 1: wallTime = BitConverter.Int64BitsToDouble((long)value); break;
                case 2 when wire == 0: step = (long)value; break;
                case 3 when wire == 2: fileVersion = Encoding.UTF8.GetString(payload); break;
                case 5 when wire == 2:
                    foreach (var (vField, _, _, vPayload) in Fields(payload).Where(f => f.Field == 1))
                    {
                        string tag = string.Empty;
                        float? simple = null;
                        foreach (var (f, w, v, p) in Fields(vPayload))
                        {
                            if (f == 1 && w == 2) tag = Encoding.UTF8.GetString(p);
                            if (f == 2 && w == 5) simple = BitConverter.Int32BitsToSingle((int)v);
                        }

                        if (simple is float s)
                        {
                            scalars.Add((tag, s));
                        }
                    }

                    break;
                case 7 when wire == 2:
                    status = (int)Fields(payload).Where(f => f.Field == 1 && f.Wire == 0).Select(f => f.Value).DefaultIfEmpty(0UL).First();
                    break;
            }
        }

        return new DecodedEvent(wallTime, step, fileVersion, status, scalars);
    }

    private static List<(int Field, int Wire, ulong Value, byte[] Payload)> Fields(byte[] bytes)
    {
        var fields = new List<(int, int, ulong, byte[])>();
        int at = 0;
        while (at < bytes.Length)
        {
            ulong key = Varint(bytes, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, Varint(bytes, ref at), [])); break;
                case 1: fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at)), [])); at += 8; break;
                case 5: fields.Add((field, wire, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)), [])); at += 4; break;
                case 2:
                    int length = (int)Varint(bytes, ref at);
                    fields.Add((field, wire, 0, bytes.AsSpan(at, length).ToArray()));
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire} at byte {at}");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
