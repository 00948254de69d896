namespace ContainerHardening.Registry;

/// <summary>The manifest media types the client asks for and understands.</summary>
public static class RegistryMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OctetStream = "application/octet-stream";

    /// <summary>Every manifest type the client accepts, in the order of the Accept header.</summary>
    public static IReadOnlyList<string> Manifests { get; } = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;
}
