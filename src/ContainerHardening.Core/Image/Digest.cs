using System.Security.Cryptography;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>Content digests as OCI writes them: "sha256:" and 64 lower-case hex digits.</summary>
internal static class Digest
{
    public const string Sha256Prefix = Registry.ContentDigest.Sha256Prefix;

    /// <summary>Checks the digest of a <paramref name="mediaType"/> blob and returns its hex part, the blob's file name.</summary>
    public static string Sha256Hex(string digest, string imagePath, string mediaType)
    {
        int colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Malformed(digest, imagePath, mediaType);
        }

        if (!digest.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            throw new ImageFormatException(RuleCatalog.ImageFormatUnsupported, imagePath, digest, digest[..colon]);
        }

        string hex = digest[Sha256Prefix.Length..];
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw Malformed(digest, imagePath, mediaType);
        }

        return hex;
    }

    private static ImageFormatException Malformed(string digest, string imagePath, string mediaType) =>
        new(RuleCatalog.ImageMetadataInvalid, imagePath, digest, mediaType,
            Strings.Format(DiagnosticIds.ImageMetadataInvalid + "_Digest", digest));
}
