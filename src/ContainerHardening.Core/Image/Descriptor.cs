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
/// <remarks>
/// Both fields are optional in practice: the .NET SDK writes <c>"platform": {}</c> into the index of its archives.
/// An empty value then means "not stated".
/// </remarks>
public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "";

    [JsonPropertyName("os")]
    public string OS { get; init; } = "";

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }
}
