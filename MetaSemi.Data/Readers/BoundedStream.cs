namespace MetaSemi.Data;

/// <summary>A read-only view of the next <c>length</c> bytes of another stream; reading past them returns end-of-stream.</summary>
internal sealed class BoundedStream(Stream inner, long length) : Stream
{
    /// <summary>Bytes left in the view.</summary>
    public long Remaining { get; private set; } = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Fill(Span<byte> buffer, string path, long offset, string what) => StreamReading.Fill(this, buffer, path, offset, what);

    public void Skip(long count, string path)
    {
        var scratch = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            int n = (int)Math.Min(count, scratch.Length);
            StreamReading.Fill(this, scratch.AsSpan(0, n), path, -1, "skipped bytes");
            count -= n;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Remaining <= 0)
        {
            return 0;
        }

        int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, Remaining)]);
        Remaining -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
