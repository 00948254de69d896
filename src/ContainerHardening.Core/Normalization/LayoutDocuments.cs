using System.Text.Json;
using System.Text.Json.Nodes;
using ContainerHardening.Image;
using ContainerHardening.Registry;

namespace ContainerHardening.Normalization;

/// <summary>
/// The image manifest and index.json as JSON trees, so that rewriting them keeps every field, known or not. An OCI
/// layout gives them as they were written; a docker-load archive has neither, so they are made from the model.
/// </summary>
internal sealed record LayoutDocuments(JsonObject Index, JsonObject Manifest, IReadOnlyList<JsonObject> IndexEntries)
{
    /// <summary>
    /// Finds the manifest <paramref name="source"/> read among the top-level entries of index.json. The new index
    /// lists only those entries (one per tag); other images of the layout are not carried over.
    /// </summary>
    public static LayoutDocuments Read(string inputPath, IImageSource source)
    {
        using IArchiveFiles files = ImageSource.OpenFiles(inputPath);
        if (files.Length(OciLayoutSource.IndexFile) is long indexLength && indexLength <= ImageLimits.MaxDocumentBytes
            && JsonNode.Parse(ReadAll(files, OciLayoutSource.IndexFile)) is JsonObject index
            && index["manifests"] is JsonArray manifests)
        {
            JsonObject? manifest = null;
            var entries = new List<JsonObject>();
            foreach (JsonObject entry in manifests.OfType<JsonObject>())
            {
                if (Matching(files, entry, source.Manifest) is JsonObject match)
                {
                    manifest ??= match;
                    entries.Add(entry.DeepClone().AsObject());
                }
            }

            if (manifest is not null)
            {
                return new LayoutDocuments(index, manifest, entries);
            }
        }

        return FromModel(source);
    }

    /// <summary>index.json of an OCI layout as a JSON tree.</summary>
    public static JsonObject ReadIndex(string inputPath)
    {
        using IArchiveFiles files = ImageSource.OpenFiles(inputPath);
        return JsonNode.Parse(ReadAll(files, OciLayoutSource.IndexFile))!.AsObject();
    }

    private static LayoutDocuments FromModel(IImageSource source)
    {
        JsonObject manifest = JsonSerializer.SerializeToNode(source.Manifest, ImageJsonContext.Default.ImageManifest)!.AsObject();
        var entry = new JsonObject
        {
            ["mediaType"] = source.Manifest.MediaType ?? MediaTypes.OciManifest,
            ["digest"] = string.Empty,
            ["size"] = 0,
            ["platform"] = new JsonObject { ["architecture"] = source.Config.Architecture, ["os"] = source.Config.OS },
        };
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = new JsonArray() };
        return new LayoutDocuments(index, manifest, [entry]);
    }

    /// <summary>The entry's manifest when it is the image that was read: same config and same layers.</summary>
    private static JsonObject? Matching(IArchiveFiles files, JsonObject entry, ImageManifest read)
    {
        if (!MediaTypes.IsManifest((string?)entry["mediaType"]) || entry["digest"]?.GetValue<string>() is not string digest
            || !digest.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string path = "blobs/sha256/" + digest[Digest.Sha256Prefix.Length..];
        if (ImagePaths.Normalize(path) != path || files.Length(path) is not long length || length > ImageLimits.MaxDocumentBytes)
        {
            return null;
        }

        byte[] bytes = ReadAll(files, path);
        if (ContentDigest.Sha256(bytes) != digest)
        {
            return null;
        }

        try
        {
            ImageManifest? candidate = JsonSerializer.Deserialize(bytes, ImageJsonContext.Default.ImageManifest);
            return candidate is not null
                && candidate.Config.Digest == read.Config.Digest
                && candidate.Layers.Select(l => l.Digest).SequenceEqual(read.Layers.Select(l => l.Digest), StringComparer.Ordinal)
                    ? JsonNode.Parse(bytes)!.AsObject()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] ReadAll(IArchiveFiles files, string path)
    {
        using Stream stream = files.Open(path);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
