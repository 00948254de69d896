using System.Security.Cryptography;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Registry;

/// <summary>
/// A blob download read straight from the response (nothing buffered) that hashes what passes through and throws
/// CH4014 at the end if the size or the sha256 digest is not the descriptor's. Disposing it ends the response.
/// </summary>
internal sealed class DigestVerifyingStream(HttpResponseMessage response, Stream inner, RegistryDescriptor expected, string registry, string operation) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly bool verify = expected.Digest.StartsWith(ContentDigest.Sha256Prefix, StringComparison.Ordinal);
    private long position;
    private bool finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => expected.Size;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            response.Dispose();
            hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(Span<byte> buffer, int read)
    {
        if (read > 0)
        {
            hash.AppendData(buffer.Slice(0, read));
            position += read;
            if (position > expected.Size)
            {
                throw Mismatch(Strings.Format("CH4014_TooLong", expected.Size, expected.Digest));
            }
        }
        else if (!finished && buffer.Length > 0)
        {
            finished = true;
            string actual = ContentDigest.FromHash(hash.GetHashAndReset());
            if (position != expected.Size || (verify && actual != expected.Digest))
            {
                throw Mismatch(Strings.Format("CH4014_DigestMismatch", actual, expected.Digest));
            }
        }

        return read;
    }

    private RegistryException Mismatch(string reason) => RegistryException.ServerError(registry, operation, response.StatusCode, reason);
}
