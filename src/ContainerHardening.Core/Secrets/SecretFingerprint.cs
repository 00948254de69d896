using System.Security.Cryptography;
using System.Text;

namespace ContainerHardening.Secrets;

/// <summary>
/// What a report may say about a secret: up to four leading characters, the length, and the first eight hex digits of
/// its SHA-256, e.g. <c>AKIA…(20) sha256:1a2b3c4d</c>. Values shorter than 20 characters show no leading characters,
/// so a short password is never partly printed. The same value always gives the same fingerprint, which is what the
/// baseline file matches on.
/// </summary>
public sealed record SecretFingerprint
{
    private const int MinimumLengthForPrefix = 20;

    private SecretFingerprint(string text) => Text = text;

    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>The fingerprint of a value found in text.</summary>
    internal static SecretFingerprint Of(ReadOnlySpan<char> value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        byte[] utf8 = new byte[byteCount];
        Encoding.UTF8.GetBytes(value, utf8);
        string prefix = value.Length >= MinimumLengthForPrefix ? new string(value[..4]) : string.Empty;
        return Create(prefix, value.Length, utf8);
    }

    /// <summary>The fingerprint of a binary secret (a whole certificate file): the prefix is its first bytes in base64.</summary>
    internal static SecretFingerprint OfBytes(ReadOnlySpan<byte> value)
    {
        string prefix = value.Length >= MinimumLengthForPrefix ? Convert.ToBase64String(value[..3]) : string.Empty;
        return Create(prefix, value.Length, value);
    }

    /// <summary>A fingerprint written earlier (a layer recording), or null when the text is not one.</summary>
    internal static SecretFingerprint? FromRecord(string text) => IsWellFormed(text) ? new(text) : null;

    /// <summary>Whether <paramref name="text"/> has the form this type writes (the baseline parser checks entries with it).</summary>
    public static bool IsWellFormed(string text) => FingerprintShape.IsMatch(text);

    private static SecretFingerprint Create(string prefix, int length, ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}…({length}) sha256:{Convert.ToHexString(hash[..4]).ToLowerInvariant()}"));
    }

    private static readonly System.Text.RegularExpressions.Regex FingerprintShape =
        new(@"^[^\s…]{0,4}…\([0-9]+\) sha256:[0-9a-f]{8}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
