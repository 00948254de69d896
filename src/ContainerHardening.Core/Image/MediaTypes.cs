namespace ContainerHardening.Image;

/// <summary>The OCI and Docker v2 media types an image built by the .NET SDK (or its base image) can use.</summary>
public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    // Deprecated, but still found in older Windows and "foreign layer" images; their bytes are ordinary layers.
    private const string OciNondistributableLayerPrefix = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    private const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsConfig(string? mediaType) => mediaType is OciConfig or DockerConfig;

    /// <summary>
    /// Whether the bytes are a (possibly compressed) layer tar. The compression itself is read from the bytes, because
    /// docker-load archives name every layer "layer.tar" whatever its compression.
    /// </summary>
    public static bool IsLayer(string? mediaType) =>
        mediaType is OciLayer or OciLayerGzip or OciLayerZstd or DockerLayer or DockerLayerGzip or DockerForeignLayerGzip
        || (mediaType is not null
            && mediaType.StartsWith(OciNondistributableLayerPrefix, StringComparison.Ordinal)
            && mediaType.Length - OciNondistributableLayerPrefix.Length is 0 or 5 /* "+gzip" or "+zstd" */);
}
