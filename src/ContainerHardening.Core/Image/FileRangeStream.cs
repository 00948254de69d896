using Microsoft.Win32.SafeHandles;

namespace ContainerHardening.Image;

/// <summary>
/// One entry of an archive on disk, read in place by offset: blobs are streamed from the tar without extracting
/// or buffering them, and any number of them can be open at once over the one file handle.
/// </summary>
internal sealed class FileRangeStream(SafeFileHandle file, long offset, long length) : ReadOnlyStream
{
    private long _position;

    public override int Read(Span<byte> buffer)
    {
        long remaining = length - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, remaining)], offset + _position);
        if (read == 0)
        {
            // The archive shrank after it was indexed.
            throw new EndOfStreamException();
        }

        _position += read;
        return read;
    }
}
