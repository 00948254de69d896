using System.Security.Cryptography;
using ContainerHardening.Image;

namespace ContainerHardening.Normalization;

/// <summary>Passes written bytes through while hashing and counting them, so a blob's digest and size come with writing it.</summary>
internal sealed class HashingWriteStream(Stream inner, bool leaveOpen = false) : PassThroughWriteStream(inner, leaveOpen)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _digest;

    public long BytesWritten { get; private set; }

    /// <summary>The sha256 digest of everything written; asking for it, or disposing, ends the writing.</summary>
    public string Digest => _digest ??= Registry.ContentDigest.FromHash(_hash.GetHashAndReset());

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_digest is not null)
        {
            throw new InvalidOperationException("The digest was already taken.");
        }

        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
        Inner.Write(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _digest ??= Registry.ContentDigest.FromHash(_hash.GetHashAndReset());
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
