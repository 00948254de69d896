using System.Buffers;
using System.Text;
using System.Text.Json;
using ContainerHardening.Diagnostics;
using ContainerHardening.Reporting;

namespace ContainerHardening.Image;

/// <summary>
/// container-hardening.lock.json: the digest each base image reference resolved to, so that a tag-only
/// <c>ContainerBaseImage</c> builds the same image until someone updates the lock (the fix CH4001 points to). The file
/// is written deterministically: keys sorted, two-space indentation, "\n" line ends, a final newline.
/// </summary>
/// <remarks>
/// Keys are references without a digest, normalised the way <see cref="BaseImageReference"/> reads them
/// ("ubuntu:24.04" is "docker.io/library/ubuntu:24.04"); a reference without a tag means ":latest", as it does for the
/// SDK. Deciding when to read, resolve and write the lock belongs to <see cref="Pipeline.BaseImagePinning"/>.
/// </remarks>
public sealed class BaseImageLock
{
    public const string FileName = "container-hardening.lock.json";

    public const int FormatVersion = 1;

    private const string DefaultTag = "latest";

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SortedDictionary<string, string> _digests;

    private BaseImageLock(SortedDictionary<string, string> digests) => _digests = digests;

    public static BaseImageLock Empty { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Digest by reference without digest ("mcr.microsoft.com/dotnet/aspnet:10.0"), sorted by reference.</summary>
    public IReadOnlyDictionary<string, string> Digests => _digests;

    /// <summary>Reads <paramref name="path"/>; null when there is no such file.</summary>
    /// <exception cref="BaseImageLockException">The file cannot be read or is not a lock file of this version.</exception>
    public static BaseImageLock? Read(string path)
    {
        byte[] content;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaseImageLockException(Strings.Format("CH0040_Unreadable", e.Message), 0, 0);
        }

        return Parse(content);
    }

    /// <exception cref="BaseImageLockException">The text is not a lock file of this version.</exception>
    public static BaseImageLock Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads the UTF-8 bytes of a lock file (a byte order mark is allowed), reporting the line of the first problem.</summary>
    /// <exception cref="BaseImageLockException">The bytes are not a lock file of this version.</exception>
    public static BaseImageLock Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw At(utf8, reader, Strings.Get("CH0040_NotObject"));
            }

            bool sawVersion = false;
            SortedDictionary<string, string>? digests = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                long nameStart = reader.TokenStartIndex;
                reader.Read();
                switch (name)
                {
                    case "version" when !sawVersion:
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int version) || version != FormatVersion)
                        {
                            throw At(utf8, reader, Strings.Format("CH0040_Version", FormatVersion));
                        }

                        sawVersion = true;
                        break;
                    case "baseImages" when digests is null:
                        digests = ReadBaseImages(utf8, ref reader);
                        break;
                    case "version" or "baseImages":
                        throw At(utf8, nameStart, Strings.Format("CH0040_DuplicateKey", name));
                    default:
                        throw At(utf8, nameStart, Strings.Format("CH0040_UnknownKey", name));
                }
            }

            if (!sawVersion || digests is null)
            {
                throw At(utf8, reader, Strings.Format("CH0040_MissingKey", sawVersion ? "baseImages" : "version"));
            }

            // Anything after the closing brace but whitespace is a JSON error here.
            reader.Read();
            return new BaseImageLock(digests);
        }
        catch (JsonException e)
        {
            string detail = e.Message;
            int position = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new BaseImageLockException(
                Strings.Format("CH0040_NotJson", position > 0 ? detail[..position] : detail),
                (int)(e.LineNumber ?? 0) + 1,
                (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    /// <summary>The key a reference is locked under: without its digest, with ":latest" when it names no tag.</summary>
    public static string Key(BaseImageReference reference) => (reference with { Tag = reference.Tag ?? DefaultTag, Digest = null }).ToString();

    /// <summary>The locked digest for <paramref name="reference"/> (its own digest is ignored); null when it is not locked.</summary>
    public string? DigestFor(BaseImageReference reference) => _digests.GetValueOrDefault(Key(reference));

    /// <summary>A copy with <paramref name="reference"/> locked to <paramref name="digest"/>; other entries are kept.</summary>
    public BaseImageLock With(BaseImageReference reference, string digest)
    {
        if (!IsSha256Digest(digest))
        {
            throw new ArgumentException($"'{digest}' is not of the form sha256:<64 hex digits>.", nameof(digest));
        }

        return new BaseImageLock(new SortedDictionary<string, string>(_digests, StringComparer.Ordinal) { [Key(reference)] = digest });
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartObject("baseImages");
            foreach ((string reference, string digest) in _digests)
            {
                writer.WriteString(reference, digest);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>
    /// Writes the lock to <paramref name="path"/> through a temporary file renamed over it, so a cancelled build never
    /// leaves half a lock file. A file that already holds exactly this content is left alone (and keeps its time).
    /// </summary>
    /// <returns>Whether the file was written.</returns>
    public bool Write(string path)
    {
        byte[] content = Utf8NoBom.GetBytes(ToJson());
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            return false;
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        ReportFiles.WriteAtomically(path, stream => stream.Write(content));
        return true;
    }

    private static SortedDictionary<string, string> ReadBaseImages(ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw At(utf8, reader, Strings.Get("CH0040_BaseImagesNotObject"));
        }

        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string reference = reader.GetString()!;
            long referenceStart = reader.TokenStartIndex;
            reader.Read();
            string? digest = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (digest is null || !IsSha256Digest(digest))
            {
                throw At(utf8, reader, Strings.Format("CH0040_BadDigest", reference));
            }

            if (reference.Trim().Length == 0 || reference.Contains('@', StringComparison.Ordinal) || reference.Any(char.IsWhiteSpace))
            {
                throw At(utf8, referenceStart, Strings.Format("CH0040_BadReference", reference));
            }

            if (!digests.TryAdd(Key(BaseImageReference.Parse(reference)), digest))
            {
                throw At(utf8, referenceStart, Strings.Format("CH0040_DuplicateEntry", reference));
            }
        }

        return digests;
    }

    private static BaseImageLockException At(ReadOnlySpan<byte> utf8, Utf8JsonReader reader, string detail) =>
        At(utf8, reader.TokenStartIndex, detail);

    /// <summary>The problem at byte <paramref name="index"/>, as a 1-based line and column (in characters).</summary>
    private static BaseImageLockException At(ReadOnlySpan<byte> utf8, long index, string detail)
    {
        ReadOnlySpan<byte> before = utf8[..(int)Math.Min(index, utf8.Length)];
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        int line = before.Count((byte)'\n') + 1;
        int column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new BaseImageLockException(detail, line, column);
    }

    private static bool IsSha256Digest(string digest) =>
        digest.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal)
        && digest.Length == Digest.Sha256Prefix.Length + 64
        && digest.AsSpan(Digest.Sha256Prefix.Length).IndexOfAnyExcept(LowerHex) < 0;
}
