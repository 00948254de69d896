using System.Text.Json.Serialization;

namespace ContainerHardening.Image;

/// <summary>An OCI content descriptor: what a blob is, its digest and its size.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Set on the entries of an index.</summary>
    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }
}

/// <summary>The platform an index entry is for.</summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }
}
