using System.IO.Compression;

namespace ContainerHardening.Normalization;

/// <summary>
/// Gzip whose bytes depend only on the input and the zlib build. .NET's <see cref="GZipStream"/> already writes a
/// fixed header (mtime 0, no file name, no comment); only the OS byte (offset 9) follows the platform zlib was built
/// for, so it is pinned to 3 (Unix), what a Linux build writes anyway. The level is <see cref="CompressionLevel.Optimal"/>
/// (zlib level 6, the default of docker, containerd and Go's compress/gzip): SmallestSize costs several times the
/// CPU for a percent or two on an app layer of already-compressed assemblies.
/// </summary>
internal static class DeterministicGzip
{
    public const CompressionLevel Level = CompressionLevel.Optimal;

    private const int OsByteOffset = 9;
    private const byte UnixOs = 3;

    public static Stream Compress(Stream output, bool leaveOpen) =>
        new GZipStream(new OsBytePinningStream(output, leaveOpen), Level, leaveOpen: false);

    private sealed class OsBytePinningStream(Stream inner, bool leaveOpen) : Stream
    {
        private long _position;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long offset = OsByteOffset - _position;
            if (offset >= 0 && offset < buffer.Length)
            {
                byte[] copy = buffer.ToArray();
                copy[offset] = UnixOs;
                inner.Write(copy);
            }
            else
            {
                inner.Write(buffer);
            }

            _position += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
