using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContainerHardening.Image;

/// <summary>
/// container-hardening.lock.json: the digest each base image reference resolved to, so that a tag-only
/// <c>ContainerBaseImage</c> builds the same image until someone updates the lock (the fix CH4001 points to). The file
/// is written deterministically: keys sorted, two-space indentation, "\n" line ends.
/// </summary>
/// <remarks>Reading it into a build, and the diagnostics for a damaged file, belong to the build pipeline.</remarks>
public sealed class BaseImageLock
{
    public const string FileName = "container-hardening.lock.json";

    public const int FormatVersion = 1;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    private readonly SortedDictionary<string, string> _digests;

    private BaseImageLock(SortedDictionary<string, string> digests) => _digests = digests;

    public static BaseImageLock Empty { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Digest by reference without digest ("mcr.microsoft.com/dotnet/aspnet:10.0"), sorted by reference.</summary>
    public IReadOnlyDictionary<string, string> Digests => _digests;

    /// <summary>Reads <paramref name="path"/>; null when there is no such file.</summary>
    /// <exception cref="FormatException">The file is not a lock file of this version.</exception>
    public static BaseImageLock? Read(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : null;

    /// <exception cref="FormatException">The text is not a lock file of this version.</exception>
    public static BaseImageLock Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException(e.Message, e);
        }

        if (root is not JsonObject document || document["version"]?.GetValueKind() != JsonValueKind.Number
            || document["version"]!.GetValue<int>() != FormatVersion || document["baseImages"] is not JsonObject images)
        {
            throw new FormatException($"Expected {{\"version\": {FormatVersion}, \"baseImages\": {{…}}}}.");
        }

        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string reference, JsonNode? value) in images)
        {
            string digest = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
            if (!IsSha256Digest(digest))
            {
                throw new FormatException($"The digest of '{reference}' is not of the form sha256:<64 hex digits>.");
            }

            digests[Key(BaseImageReference.Parse(reference))] = digest;
        }

        return new BaseImageLock(digests);
    }

    /// <summary>The locked digest for <paramref name="reference"/> (its own digest is ignored); null when it is not locked.</summary>
    public string? DigestFor(BaseImageReference reference) => _digests.GetValueOrDefault(Key(reference));

    /// <summary>A copy with <paramref name="reference"/> locked to <paramref name="digest"/>.</summary>
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

    public void Write(string path) => File.WriteAllText(path, ToJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static string Key(BaseImageReference reference) => (reference with { Digest = null }).ToString();

    private static bool IsSha256Digest(string digest) =>
        digest.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal)
        && digest.Length == Digest.Sha256Prefix.Length + 64
        && digest.AsSpan(Digest.Sha256Prefix.Length).IndexOfAnyExcept(LowerHex) < 0;
}
