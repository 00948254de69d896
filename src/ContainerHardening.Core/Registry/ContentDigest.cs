using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ContainerHardening.Registry;

/// <summary>OCI content digests (<c>sha256:&lt;hex&gt;</c>): computing, checking the form, and the referrers tag schema.</summary>
public static partial class ContentDigest
{
    public const string Sha256Prefix = "sha256:";

    public static string Sha256(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    /// <summary>The digest for a SHA-256 hash already computed (while streaming).</summary>
    public static string FromHash(ReadOnlySpan<byte> sha256) => Sha256Prefix + Convert.ToHexString(sha256).ToLowerInvariant();

    /// <summary>True for <c>sha256:</c> + 64 lower-case hex digits, or another registered algorithm in the OCI grammar.</summary>
    public static bool IsValid(string digest) =>
        digest.StartsWith(Sha256Prefix, StringComparison.Ordinal)
            ? Sha256Pattern().IsMatch(digest)
            : GenericPattern().IsMatch(digest);

    /// <summary>The tag the OCI referrers tag schema uses for a subject: <c>sha256-&lt;hex&gt;</c>.</summary>
    public static string ReferrersTag(string subjectDigest) => subjectDigest.Replace(':', '-');

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")]
    private static partial Regex GenericPattern();
}
