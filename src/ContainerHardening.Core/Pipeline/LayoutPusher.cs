using System.Text.Json;
using ContainerHardening.Registry;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Pushes the image of an OCI layout folder — one image manifest, or an image index and the manifests it lists — to a
/// registry: what the repository lacks first (blobs several at a time, base layers mounted from the base repository
/// when both live in the same registry; nothing below a manifest the repository already holds), then the top manifest
/// under every tag.
/// </summary>
public static class LayoutPusher
{
    // Requests in flight per manifest: enough to hide a registry's round trip, few enough not to look like a flood.
    private const int ParallelBlobPushes = 4;

    /// <summary>The manifest (or index) index.json names: what the tags will point at.</summary>
    public static async Task<RegistryManifest> ReadImageAsync(string layoutDirectory, CancellationToken cancellationToken)
    {
        using JsonDocument index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layoutDirectory, "index.json"), cancellationToken).ConfigureAwait(false));
        JsonElement top = index.RootElement.GetProperty("manifests")[0];
        return await ReadManifestAsync(layoutDirectory, top.GetProperty("mediaType").GetString()!, top.GetProperty("digest").GetString()!, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="image">The layout's image, from <see cref="ReadImageAsync"/>.</param>
    /// <param name="platformTags">Tags for the images of an index, by manifest digest (the SDK tags them "&lt;tag&gt;-&lt;rid&gt;").</param>
    public static async Task PushAsync(
        string layoutDirectory, RegistryManifest image, ImageReference target, IReadOnlyCollection<string> tags, RegistryClient client,
        string? mountFromRepository, CancellationToken cancellationToken, IReadOnlyDictionary<string, IReadOnlyCollection<string>>? platformTags = null)
    {
        var push = new LayoutPush(layoutDirectory, target, client, mountFromRepository, platformTags ?? new Dictionary<string, IReadOnlyCollection<string>>(), cancellationToken);
        await push.EnsureReferencedContentAsync(image).ConfigureAwait(false);
        await client.PushManifestAsync(target, image.Content, image.MediaType, tags, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RegistryManifest> ReadManifestAsync(string layoutDirectory, string mediaType, string digest, CancellationToken cancellationToken) =>
        new(mediaType, await File.ReadAllBytesAsync(BlobPath(layoutDirectory, digest), cancellationToken).ConfigureAwait(false));

    private static string BlobPath(string layoutDirectory, string digest)
    {
        int colon = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(layoutDirectory, "blobs", digest[..colon], digest[(colon + 1)..]);
    }

    private sealed record LayoutPush(
        string LayoutDirectory, ImageReference Target, RegistryClient Client, string? MountFrom,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> PlatformTags, CancellationToken Cancellation)
    {
        /// <summary>Makes everything <paramref name="manifest"/> references exist in the repository.</summary>
        public async Task EnsureReferencedContentAsync(RegistryManifest manifest)
        {
            // A re-run of an unchanged publish: one request instead of one per blob.
            bool held = await Client.ManifestExistsAsync(Target, manifest.Digest, Cancellation).ConfigureAwait(false);
            if (manifest.IsIndex)
            {
                foreach (RegistryDescriptor entry in manifest.Manifests)
                {
                    // Tags move even when the registry holds the manifest; without tags, a held manifest needs nothing.
                    IReadOnlyCollection<string> tags = PlatformTags.GetValueOrDefault(entry.Digest, []);
                    if (held && tags.Count == 0)
                    {
                        continue;
                    }

                    RegistryManifest platformManifest = await ReadManifestAsync(LayoutDirectory, entry.MediaType, entry.Digest, Cancellation).ConfigureAwait(false);
                    if (!held)
                    {
                        await EnsureReferencedContentAsync(platformManifest).ConfigureAwait(false);
                    }

                    await Client.PushManifestAsync(Target, platformManifest.Content, platformManifest.MediaType, tags, Cancellation).ConfigureAwait(false);
                }

                return;
            }

            if (held)
            {
                return;
            }

            await Parallel.ForEachAsync(
                manifest.Layers.Append(manifest.Config!),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelBlobPushes, CancellationToken = Cancellation },
                async (blob, cancellation) =>
                {
                    await using FileStream content = File.OpenRead(BlobPath(LayoutDirectory, blob.Digest));
                    await Client.PushBlobAsync(Target, blob, content, MountFrom, cancellation).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
    }
}
