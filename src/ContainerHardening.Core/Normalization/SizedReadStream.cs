using ContainerHardening.Image;

namespace ContainerHardening.Normalization;

/// <summary>
/// A forward-only stream that states its length up front, so a tar entry's header can be written before its bytes
/// are read from a stream that cannot seek. The inner stream checks what it delivers once it is read to its end.
/// </summary>
internal sealed class SizedReadStream(Stream inner, long length) : ReadOnlyStream
{
    private long _position;

    public override bool CanSeek => true;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        _position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
