using System.Text.Json;
using ContainerHardening.Reporting;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Where the hardened image went, for CI scripts that sign or deploy by digest: written as image.json next to the
/// reports. <paramref name="Destination"/> is "registry", "archive" or "daemon".
/// </summary>
public sealed record DeliveredImage(string Destination, string Reference, string ManifestDigest, IReadOnlyList<string> Tags, IReadOnlyList<string> SbomFiles)
{
    /// <summary>Where the SBOMs went with the image: artifact digests in the registry, or files beside the archive.</summary>
    public IReadOnlyList<string> SbomReferences { get; init; } = [];

    /// <summary>For a multi-platform image: each platform's image, whose index <see cref="ManifestDigest"/> names.</summary>
    public IReadOnlyList<DeliveredPlatformImage> Platforms { get; init; } = [];

    public const string FileName = "image.json";

    /// <summary>The reference by digest, e.g. <c>registry.example.com/app@sha256:…</c>; the archive path for archives.</summary>
    public string PinnedReference => Destination == "archive" ? Reference : $"{Reference}@{ManifestDigest}";

    public string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        ReportFiles.WriteAtomically(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("destination", Destination);
            json.WriteString("reference", Reference);
            json.WriteString("digest", ManifestDigest);
            json.WriteString("pinnedReference", PinnedReference);
            WriteArray(json, "tags", Tags);
            WriteArray(json, "sbom", SbomFiles);
            WriteArray(json, "sbomReferences", SbomReferences);
            if (Platforms.Count > 0)
            {
                json.WriteStartArray("platforms");
                foreach (DeliveredPlatformImage platform in Platforms)
                {
                    json.WriteStartObject();
                    json.WriteString("platform", platform.Platform);
                    json.WriteString("runtimeIdentifier", platform.RuntimeIdentifier);
                    json.WriteString("digest", platform.ManifestDigest);
                    json.WriteString("pinnedReference", Destination == "archive" ? Reference : $"{Reference}@{platform.ManifestDigest}");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        });
        return path;
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}

/// <summary>One platform's image of a delivered multi-platform image.</summary>
public sealed record DeliveredPlatformImage(string Platform, string RuntimeIdentifier, string ManifestDigest);
