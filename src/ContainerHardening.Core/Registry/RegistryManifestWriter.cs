using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContainerHardening.Registry;

/// <summary>Writes the small OCI documents the client pushes itself: artifact manifests, indexes, the empty config.</summary>
public static class RegistryManifestWriter
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The OCI empty descriptor's content, <c>{}</c>: the config of an artifact that has none.</summary>
    public static ReadOnlyMemory<byte> EmptyConfig { get; } = Encoding.UTF8.GetBytes("{}");

    public static RegistryDescriptor EmptyConfigDescriptor { get; } = RegistryDescriptor.For(RegistryMediaTypes.OciEmpty, EmptyConfig.Span);

    /// <summary>An OCI image manifest.</summary>
    public static byte[] ImageManifest(RegistryDescriptor config, IEnumerable<RegistryDescriptor> layers, RegistryDescriptor? subject = null, string? artifactType = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        JsonObject manifest = new()
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = RegistryMediaTypes.OciManifest,
        };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        manifest["config"] = DescriptorJson.ToNode(config);
        manifest["layers"] = new JsonArray(layers.Select(l => (JsonNode)DescriptorJson.ToNode(l)).ToArray());
        if (subject is not null)
        {
            manifest["subject"] = DescriptorJson.ToNode(new RegistryDescriptor(subject.MediaType, subject.Digest, subject.Size));
        }

        AddAnnotations(manifest, annotations);
        return Encoding.UTF8.GetBytes(manifest.ToJsonString(Compact));
    }

    /// <summary>
    /// An artifact manifest in the OCI 1.1 form: <paramref name="artifactType"/>, the empty config, the blobs as
    /// layers, and <paramref name="subject"/>, the manifest it refers to (an SBOM or a signature of an image).
    /// </summary>
    public static byte[] ArtifactManifest(string artifactType, RegistryDescriptor subject, IEnumerable<RegistryDescriptor> blobs, IReadOnlyDictionary<string, string>? annotations = null) =>
        ImageManifest(EmptyConfigDescriptor, blobs, subject, artifactType, annotations);

    /// <summary>An OCI image index over <paramref name="manifests"/>.</summary>
    public static byte[] Index(IEnumerable<RegistryDescriptor> manifests)
    {
        JsonObject index = new()
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = RegistryMediaTypes.OciIndex,
            ["manifests"] = new JsonArray(manifests.Select(m => (JsonNode)DescriptorJson.ToNode(m)).ToArray()),
        };
        return Encoding.UTF8.GetBytes(index.ToJsonString(Compact));
    }

    /// <summary><paramref name="index"/> with <paramref name="entry"/> added unless an entry has its digest already.</summary>
    internal static byte[] AddToIndex(ReadOnlyMemory<byte>? index, RegistryDescriptor entry)
    {
        JsonObject root = index is { } bytes && JsonNode.Parse(bytes.Span) is JsonObject existing
            ? existing
            : new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = RegistryMediaTypes.OciIndex };
        if (root["manifests"] is not JsonArray manifests)
        {
            manifests = [];
            root["manifests"] = manifests;
        }

        if (!manifests.Any(m => m?["digest"]?.GetValue<string>() == entry.Digest))
        {
            manifests.Add(DescriptorJson.ToNode(entry));
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString(Compact));
    }

    private static void AddAnnotations(JsonObject node, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is { Count: > 0 })
        {
            JsonObject annotationNode = [];
            foreach (KeyValuePair<string, string> pair in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                annotationNode[pair.Key] = pair.Value;
            }

            node["annotations"] = annotationNode;
        }
    }
}
