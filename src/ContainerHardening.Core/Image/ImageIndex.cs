using System.Text.Json.Serialization;

namespace ContainerHardening.Image;

/// <summary>An OCI image index or Docker manifest list: one entry per platform image (or per nested index).</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public required int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public required IReadOnlyList<Descriptor> Manifests { get; init; }
}
