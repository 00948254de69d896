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

    private sealed class OsBytePinningStream(Stream inner, bool leaveOpen) : PassThroughWriteStream(inner, leaveOpen)
    {
        private long _position;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long offset = OsByteOffset - _position;
            if (offset >= 0 && offset < buffer.Length)
            {
                byte[] copy = buffer.ToArray();
                copy[offset] = UnixOs;
                Inner.Write(copy);
            }
            else
            {
                Inner.Write(buffer);
            }

            _position += buffer.Length;
        }
    }
}
