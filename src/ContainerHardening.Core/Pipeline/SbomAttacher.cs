using ContainerHardening.Registry;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Attaches SBOM files to a pushed image as OCI artifacts whose <c>subject</c> is the image, so tools that follow the
/// referrers API (oras discover, cosign, Trivy) find them. Registries without the referrers API get the
/// <c>sha256-&lt;hex&gt;</c> tag fallback from the registry client.
/// </summary>
public static class SbomAttacher
{
    public const string CycloneDxMediaType = "application/vnd.cyclonedx+json";
    public const string SpdxMediaType = "application/spdx+json";

    /// <returns>The digests of the artifact manifests, one per SBOM file.</returns>
    public static async Task<IReadOnlyList<string>> AttachAsync(
        RegistryClient client, ImageReference repository, RegistryDescriptor image, IEnumerable<string> sbomFiles, CancellationToken cancellationToken)
    {
        await client.PushBlobAsync(
            repository, RegistryManifestWriter.EmptyConfigDescriptor, new MemoryStream(RegistryManifestWriter.EmptyConfig.ToArray()),
            cancellationToken: cancellationToken).ConfigureAwait(false);

        var attached = new List<string>();
        foreach (string file in sbomFiles)
        {
            string mediaType = file.EndsWith(".spdx.json", StringComparison.Ordinal) ? SpdxMediaType : CycloneDxMediaType;
            byte[] content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            RegistryDescriptor blob = RegistryDescriptor.For(mediaType, content) with
            {
                Annotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = Path.GetFileName(file) },
            };
            await client.PushBlobAsync(repository, blob, new MemoryStream(content), cancellationToken: cancellationToken).ConfigureAwait(false);
            byte[] manifest = RegistryManifestWriter.ArtifactManifest(mediaType, image, [blob]);
            ManifestPushResult pushed = await client.PushManifestAsync(repository, manifest, RegistryMediaTypes.OciManifest, [], cancellationToken).ConfigureAwait(false);
            attached.Add(pushed.Manifest.Digest);
        }

        return attached;
    }
}
