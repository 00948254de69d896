using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContainerHardening.Registry;

/// <summary>Reads and writes OCI descriptors as JSON, only the fields <see cref="RegistryDescriptor"/> has.</summary>
internal static class DescriptorJson
{
    public static RegistryDescriptor? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("digest", out JsonElement digest) || digest.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("size", out JsonElement size) || !size.TryGetInt64(out long length))
        {
            return null;
        }

        string mediaType = element.TryGetProperty("mediaType", out JsonElement type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "";
        RegistryPlatform? platform = element.TryGetProperty("platform", out JsonElement p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("os", out JsonElement os) && p.TryGetProperty("architecture", out JsonElement arch)
            ? new RegistryPlatform(os.GetString() ?? "", arch.GetString() ?? "", p.TryGetProperty("variant", out JsonElement variant) ? variant.GetString() : null)
            : null;
        Dictionary<string, string>? annotations = element.TryGetProperty("annotations", out JsonElement a) && a.ValueKind == JsonValueKind.Object
            ? a.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String).ToDictionary(e => e.Name, e => e.Value.GetString()!, StringComparer.Ordinal)
            : null;
        return new RegistryDescriptor(mediaType, digest.GetString()!, length)
        {
            Platform = platform,
            ArtifactType = element.TryGetProperty("artifactType", out JsonElement artifactType) && artifactType.ValueKind == JsonValueKind.String ? artifactType.GetString() : null,
            Annotations = annotations,
        };
    }

    public static IReadOnlyList<RegistryDescriptor> ReadArray(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(Read).OfType<RegistryDescriptor>().ToArray()
            : [];

    public static JsonObject ToNode(RegistryDescriptor descriptor)
    {
        JsonObject node = new()
        {
            ["mediaType"] = descriptor.MediaType,
            ["digest"] = descriptor.Digest,
            ["size"] = descriptor.Size,
        };
        if (descriptor.ArtifactType is { } artifactType)
        {
            node["artifactType"] = artifactType;
        }

        if (descriptor.Platform is { } platform)
        {
            JsonObject platformNode = new() { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
            if (platform.Variant is { } variant)
            {
                platformNode["variant"] = variant;
            }

            node["platform"] = platformNode;
        }

        if (descriptor.Annotations is { Count: > 0 } annotations)
        {
            JsonObject annotationNode = [];
            foreach (KeyValuePair<string, string> pair in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                annotationNode[pair.Key] = pair.Value;
            }

            node["annotations"] = annotationNode;
        }

        return node;
    }
}
