namespace ContainerHardening.Registry;

/// <summary>
/// The registry client's own content descriptor: what the distribution API needs to address a blob or manifest.
/// Kept minimal on purpose so the image model can convert to and from it.
/// </summary>
public sealed record RegistryDescriptor(string MediaType, string Digest, long Size)
{
    /// <summary>The platform of an entry in an image index, when it has one.</summary>
    public RegistryPlatform? Platform { get; init; }

    /// <summary>The artifact type of a referrer (the manifest's artifactType, or its config media type).</summary>
    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The descriptor of <paramref name="content"/> with its sha256 digest and size.</summary>
    public static RegistryDescriptor For(string mediaType, ReadOnlySpan<byte> content) =>
        new(mediaType, ContentDigest.Sha256(content), content.Length);
}
