using System.Text.Json.Serialization;

namespace ContainerHardening.Image;

/// <summary>An OCI image manifest or Docker v2 schema 2 manifest: the config and the layers, bottom layer first.</summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public required int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<Descriptor> Layers { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
