namespace ContainerHardening.Sbom;

internal static class SbomHex
{
    public static bool IsHex(string value, int length) =>
        value.Length == length && value.All(char.IsAsciiHexDigit);

    /// <summary>Base64 (NuGet's sha512 and contentHash) to lower-case hex; null when it is not base64 of the expected size.</summary>
    public static string? FromBase64(string? base64, int bytes)
    {
        if (base64 is null)
        {
            return null;
        }

        var buffer = new byte[bytes + 3];
        return Convert.TryFromBase64String(base64, buffer, out int written) && written == bytes
            ? Convert.ToHexString(buffer, 0, written).ToLowerInvariant()
            : null;
    }

    /// <summary>The hex part of <c>sha256:&lt;hex&gt;</c>, or null when the digest has another shape.</summary>
    public static string? Sha256OfDigest(string? digest) =>
        digest is not null && digest.StartsWith("sha256:", StringComparison.Ordinal) && IsHex(digest[7..], 64)
            ? digest[7..].ToLowerInvariant()
            : null;
}
