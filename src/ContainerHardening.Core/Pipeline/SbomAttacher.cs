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
            artifacts.Add(new SbomArtifact(content, blob, new RegistryManifest(RegistryMediaTypes.OciManifest, RegistryManifestWriter.ArtifactManifest(mediaType, image, [blob]))));
        }

        if (artifacts.Count == 0)
        {
            return [];
        }

        HashSet<string> attached = (await client.GetReferrersAsync(repository, image.Digest, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        var missing = artifacts.Where(a => !attached.Contains(a.Manifest.Digest)).ToList();
        if (missing.Count > 0)
        {
            IEnumerable<Task<BlobPushOutcome>> blobs = missing
                .Select(a => client.PushBlobAsync(repository, a.Blob, new MemoryStream(a.Content), cancellationToken: cancellationToken))
                .Append(client.PushBlobAsync(
                    repository, RegistryManifestWriter.EmptyConfigDescriptor, new MemoryStream(RegistryManifestWriter.EmptyConfig.ToArray()),
                    cancellationToken: cancellationToken));
            await Task.WhenAll(blobs).ConfigureAwait(false);
            await client.PushReferrersAsync(repository, image.Digest, [.. missing.Select(a => a.Manifest)], cancellationToken).ConfigureAwait(false);
        }

        return artifacts.Select(a => a.Manifest.Digest).ToArray();
    }

    private sealed record SbomArtifact(byte[] Content, RegistryDescriptor Blob, RegistryManifest Manifest);
}
