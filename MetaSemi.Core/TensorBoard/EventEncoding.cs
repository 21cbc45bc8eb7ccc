using System.Buffers.Binary;
using System.Text;

namespace MetaSemi.TensorBoard;

/// <summary>
/// The few fields of TensorFlow's <c>Event</c> protocol buffer (tensorflow/core/util/event.proto) that scalars and
/// restarts need, encoded by hand: <c>wall_time</c> (1, double), <c>step</c> (2, int64), <c>file_version</c>
/// (3, string), <c>summary</c> (5: <c>Summary.value</c> (1) with <c>tag</c> (1, string) and <c>simple_value</c>
/// (2, float)) and <c>session_log</c> (7: <c>status</c> (1, enum; START = 1)).
/// </summary>
public static class EventEncoding
{
    /// <summary>The <c>file_version</c> of the first event of every file; TensorBoard reads restarts from SessionLog only from version 2 on.</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary><c>SessionLog.SessionStatus.START</c>.</summary>
    public const int SessionStart = 1;

    /// <summary>The event that opens a file: its time and <see cref="FileVersion"/>.</summary>
    public static byte[] FileVersionEvent(double wallTime)
    {
        var e = new ProtoWriter();
        e.Double(1, wallTime);
        e.String(3, FileVersion);
        return e.ToArray();
    }

    /// <summary>A session (re)start at <paramref name="step"/>: TensorBoard discards every event of earlier files with a step at or after it.</summary>
    public static byte[] SessionStartEvent(double wallTime, long step)
    {
        var log = new ProtoWriter();
        log.Varint(1, SessionStart);
        var e = new ProtoWriter();
        e.Double(1, wallTime);
        e.Int64(2, step);
        e.Message(7, log);
        return e.ToArray();
    }

    /// <summary>One scalar (<c>Summary.Value.simple_value</c>) at <paramref name="step"/>.</summary>
    public static byte[] ScalarEvent(double wallTime, long step, string tag, float value)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var v = new ProtoWriter();
        v.String(1, tag);
        v.Float(2, value);
        var summary = new ProtoWriter();
        summary.Message(1, v);
        var e = new ProtoWriter();
        e.Double(1, wallTime);
        e.Int64(2, step);
        e.Message(5, summary);
        return e.ToArray();
    }

    /// <summary>Protocol-buffer wire format: tags, varints, fixed 32/64-bit values, length-delimited fields.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _bytes = new();

        public void Double(int field, double value)
        {
            Key(field, 1);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
            _bytes.Write(b);
        }

        public void Float(int field, float value)
        {
            Key(field, 5);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, value);
            _bytes.Write(b);
        }

        public void Int64(int field, long value) => Varint(field, unchecked((ulong)value));

        public void Varint(int field, ulong value)
        {
            Key(field, 0);
            RawVarint(value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private void Bytes(int field, byte[] value)
        {
            Key(field, 2);
            RawVarint((ulong)value.Length);
            _bytes.Write(value);
        }

        private void Key(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

        private void RawVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.WriteByte((byte)value);
        }
    }
}
