using System.Security.Cryptography;
using System.Text;

namespace ContainerHardening;

/// <summary>A cache key or fingerprint over lines of text: the lower-case hex SHA-256 of the lines joined by newlines.</summary>
internal static class ContentKey
{
    public static string Of(IEnumerable<string> lines) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)))).ToLowerInvariant();
}
