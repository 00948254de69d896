using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ContainerHardening.Secrets;

/// <summary>Checks detectors share on a matched value: placeholders, vendor examples, entropy, encodings, checksums.</summary>
internal static class SecretValue
{
    private static readonly string[] PlaceholderWords =
    [
        "changeme", "change_me", "change-me", "changeit", "example", "placeholder", "your_", "your-", "yourpassword",
        "yourtoken", "yoursecret", "yourkey", "replace", "redacted", "dummy", "todo", "xxx", "***", "...", "<", ">",
        "${", "$(", "{{", "}}", "#{", "@@", "[[",
    ];

    private static readonly string[] PlaceholderValues =
    [
        "password", "passwd", "secret", "token", "apikey", "api_key", "null", "none", "nil", "undefined", "true",
        "false", "empty", "string", "value", "admin", "default", "test", "pass", "key",
    ];

    /// <summary>Keys vendors print in their documentation; they look real but grant nothing.</summary>
    private static readonly string[] VendorExamples =
    [
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        // Azurite / storage emulator: a well-known development key.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        // Cosmos DB emulator.
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
        // jwt.io's sample signature.
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    ];

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>A value that stands for a secret rather than being one: empty, a template reference, a well-known example.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        value = value.Trim().Trim("\"'`");
        if (value.Length < 4)
        {
            return true;
        }

        foreach (string example in VendorExamples)
        {
            if (value.Contains(example, StringComparison.Ordinal))
            {
                return true;
            }
        }

        if (value.Contains("EXAMPLE", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (string word in PlaceholderWords)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string word in PlaceholderValues)
        {
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // %VAR% (Windows environment), $VAR / $env:VAR, all one character ("********", "0000").
        if ((value[0] == '%' && value[^1] == '%') || value[0] == '$')
        {
            return true;
        }

        return !value.ContainsAnyExcept(value[0]);
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        int other = 0;
        foreach (char c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }

        double entropy = 0;
        foreach (int n in counts)
        {
            entropy -= Term(n, value.Length);
        }

        return entropy - Term(other, value.Length);

        static double Term(int n, int total)
        {
            if (n == 0)
            {
                return 0;
            }

            double p = (double)n / total;
            return p * Math.Log2(p);
        }
    }

    /// <summary>How many of lower case, upper case, digits and other characters the value uses.</summary>
    public static int CharacterClasses(ReadOnlySpan<char> value)
    {
        bool lower = false, upper = false, digit = false, other = false;
        foreach (char c in value)
        {
            lower |= char.IsAsciiLetterLower(c);
            upper |= char.IsAsciiLetterUpper(c);
            digit |= char.IsAsciiDigit(c);
            other |= !char.IsAsciiLetterOrDigit(c);
        }

        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    public static bool IsGuid(ReadOnlySpan<char> value) => Guid.TryParse(value, out _);

    /// <summary>Decodes base64 (standard or URL-safe, padded or not, whitespace and escaped <c>\n</c> ignored) into at most <paramref name="max"/> bytes.</summary>
    public static byte[]? DecodeBase64(ReadOnlySpan<char> value, int max = 64 * 1024)
    {
        var builder = new StringBuilder(Math.Min(value.Length, max * 2));
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is 'n' or 'r')
            {
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        string text = builder.ToString().TrimEnd('=');
        if (text.Length % 4 == 1 || text.AsSpan().ContainsAnyExcept(Base64Chars))
        {
            return null;
        }

        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        byte[] bytes = new byte[(text.Length / 4) * 3];
        OperationStatus status = Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(text), bytes, out _, out int written);
        return status == OperationStatus.Done && written <= max ? bytes[..written] : null;
    }

    /// <summary>
    /// GitHub's and npm's token checksum: the last six characters are the CRC32 of the 30 random characters before them,
    /// in base62 (0-9, A-Z, a-z), left-padded with zeros.
    /// </summary>
    public static bool HasValidBase62Checksum(ReadOnlySpan<char> body36)
    {
        if (body36.Length != 36)
        {
            return false;
        }

        uint crc = Crc32(body36[..30]);
        Span<char> expected = stackalloc char[6];
        const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 5; i >= 0; i--)
        {
            expected[i] = Digits[(int)(crc % 62)];
            crc /= 62;
        }

        return body36[30..].SequenceEqual(expected);
    }

    public static uint Crc32(ReadOnlySpan<char> ascii)
    {
        uint crc = 0xFFFFFFFF;
        foreach (char c in ascii)
        {
            crc ^= (byte)c;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
