using System.Text.Json;

namespace ContainerHardening.Registry;

/// <summary>
/// A manifest or index as the registry sent it: the exact bytes (whose sha256 is <see cref="Digest"/>) and the few
/// fields the client itself needs. The image model reads the rest from <see cref="Content"/>.
/// </summary>
public sealed class RegistryManifest
{
    public RegistryManifest(string mediaType, ReadOnlyMemory<byte> content)
    {
        MediaType = mediaType;
        Content = content;
        Digest = ContentDigest.Sha256(content.Span);
        using JsonDocument json = JsonDocument.Parse(content);
        JsonElement root = json.RootElement;
        Config = root.TryGetProperty("config", out JsonElement config) ? DescriptorJson.Read(config) : null;
        Layers = DescriptorJson.ReadArray(root, "layers");
        Manifests = DescriptorJson.ReadArray(root, "manifests");
        Subject = root.TryGetProperty("subject", out JsonElement subject) ? DescriptorJson.Read(subject) : null;
        ArtifactType = root.TryGetProperty("artifactType", out JsonElement artifactType) && artifactType.ValueKind == JsonValueKind.String ? artifactType.GetString() : null;
    }

    public string MediaType { get; }

    public string Digest { get; }

    public ReadOnlyMemory<byte> Content { get; }

    public RegistryDescriptor Descriptor => new(MediaType, Digest, Content.Length) { ArtifactType = ArtifactType };

    public bool IsIndex => RegistryMediaTypes.IsIndex(MediaType);

    public RegistryDescriptor? Config { get; }

    public IReadOnlyList<RegistryDescriptor> Layers { get; }

    /// <summary>The entries of an index (empty for an image manifest).</summary>
    public IReadOnlyList<RegistryDescriptor> Manifests { get; }

    public RegistryDescriptor? Subject { get; }

    public string? ArtifactType { get; }
}
