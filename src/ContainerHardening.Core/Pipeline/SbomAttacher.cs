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
    /// <remarks>
    /// An artifact manifest is a function of the SBOM's bytes and the image's digest, so an unchanged re-publish finds
    /// its artifacts among the image's referrers and sends nothing.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> AttachAsync(
        RegistryClient client, ImageReference repository, RegistryDescriptor image, IEnumerable<string> sbomFiles, CancellationToken cancellationToken)
    {
        var artifacts = new List<SbomArtifact>();
        foreach (string file in sbomFiles)
        {
            string mediaType = file.EndsWith(".spdx.json", StringComparison.Ordinal) ? SpdxMediaType : CycloneDxMediaType;
            byte[] content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            RegistryDescriptor blob = RegistryDescriptor.For(mediaType, content) with
            {
                Annotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = Path.GetFileName(file) },
            };
            byte[] manifest = RegistryManifestWriter.ArtifactManifest(mediaType, image, [blob]);
            artifacts.Add(new SbomArtifact(content, blob, manifest, ContentDigest.Sha256(manifest)));
        }

        if (artifacts.Count == 0)
        {
            return [];
        }

        HashSet<string> attached = (await client.GetReferrersAsync(repository, image.Digest, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        var missing = artifacts.Where(a => !attached.Contains(a.ManifestDigest)).ToList();
        if (missing.Count > 0)
        {
            await client.PushBlobAsync(
                repository, RegistryManifestWriter.EmptyConfigDescriptor, new MemoryStream(RegistryManifestWriter.EmptyConfig.ToArray()),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // One after the other: without a referrers API each push rewrites the image's fallback referrers index.
        foreach ((byte[] content, RegistryDescriptor blob, byte[] manifest, _) in missing)
        {
            await client.PushBlobAsync(repository, blob, new MemoryStream(content), cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.PushManifestAsync(repository, manifest, RegistryMediaTypes.OciManifest, [], cancellationToken).ConfigureAwait(false);
        }

        return artifacts.Select(a => a.ManifestDigest).ToArray();
    }

    private sealed record SbomArtifact(byte[] Content, RegistryDescriptor Blob, byte[] Manifest, string ManifestDigest);
}
