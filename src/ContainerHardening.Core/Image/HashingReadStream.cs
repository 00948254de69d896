using System.Security.Cryptography;

namespace ContainerHardening.Image;

/// <summary>
/// Passes bytes through while hashing them, so a blob or layer is verified in the same pass that reads it.
/// It also counts the zero bytes at the end: a tar must end with two zero blocks, and that is the only sign left
/// when a gzip stream is cut short, because <see cref="System.IO.Compression.GZipStream"/> does not report truncation.
/// </summary>
internal sealed class HashingReadStream(Stream inner, Action<HashingReadStream>? atEnd = null) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _digest;

    public long BytesRead { get; private set; }

    public long TrailingZeroBytes { get; private set; }

    /// <summary>The sha256 digest of everything read; only known once the end was reached.</summary>
    public string Digest => _digest ?? throw new InvalidOperationException("The stream has not been read to its end.");

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        if (read > 0)
        {
            ReadOnlySpan<byte> chunk = buffer[..read];
            _hash.AppendData(chunk);
            BytesRead += read;
            int lastNonZero = chunk.LastIndexOfAnyExcept((byte)0);
            TrailingZeroBytes = lastNonZero < 0 ? TrailingZeroBytes + read : read - 1 - lastNonZero;
        }
        else if (_digest is null && buffer.Length > 0)
        {
            _digest = Registry.ContentDigest.FromHash(_hash.GetHashAndReset());
            atEnd?.Invoke(this);
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
