using System.Text.Json;
using ContainerHardening.Registry;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Pushes the image of an OCI layout folder — one image manifest, or an image index and the manifests it lists — to a
/// registry: what the repository lacks first (blobs several at a time, base layers mounted from the base repository
/// when both live in the same registry; nothing below a manifest the repository already holds), then the top manifest
/// under every tag that does not already name it.
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
        await push.PushManifestAsync(image, tags).ConfigureAwait(false);
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
        /// <summary>Makes <paramref name="manifest"/> and everything it references exist in the repository, tagged <paramref name="tags"/>.</summary>
        public async Task PushManifestAsync(RegistryManifest manifest, IReadOnlyCollection<string> tags)
        {
            // A re-run of an unchanged publish: one request instead of one per blob.
            if (await Client.ManifestExistsAsync(Target, manifest.Digest, Cancellation).ConfigureAwait(false))
            {
                await MoveTagsAsync(manifest, tags).ConfigureAwait(false);
                return;
            }

            if (manifest.IsIndex)
            {
                foreach (RegistryDescriptor entry in manifest.Manifests)
                {
                    RegistryManifest platformManifest = await ReadManifestAsync(LayoutDirectory, entry.MediaType, entry.Digest, Cancellation).ConfigureAwait(false);
                    await PushManifestAsync(platformManifest, PlatformTags.GetValueOrDefault(entry.Digest, [])).ConfigureAwait(false);
                }
            }
            else
            {
                await PushBlobsAsync(manifest).ConfigureAwait(false);
            }

            await Client.PushManifestAsync(Target, manifest.Content, manifest.MediaType, tags, Cancellation).ConfigureAwait(false);
        }

        /// <summary>
        /// Points the tags at a manifest the repository holds (for an index, also its platforms' tags). A tag that
        /// already names it stays as it is: an unchanged re-publish writes nothing.
        /// </summary>
        private async Task MoveTagsAsync(RegistryManifest manifest, IReadOnlyCollection<string> tags)
        {
            string?[] current = await Task.WhenAll(tags.Select(tag => Client.TagDigestAsync(Target, tag, Cancellation))).ConfigureAwait(false);
            string[] moving = tags.Where((_, i) => current[i] != manifest.Digest).ToArray();
            if (moving.Length > 0)
            {
                await Client.PushManifestAsync(Target, manifest.Content, manifest.MediaType, moving, Cancellation).ConfigureAwait(false);
            }

            foreach (RegistryDescriptor entry in manifest.Manifests.Where(m => PlatformTags.ContainsKey(m.Digest)))
            {
                RegistryManifest platformManifest = await ReadManifestAsync(LayoutDirectory, entry.MediaType, entry.Digest, Cancellation).ConfigureAwait(false);
                await MoveTagsAsync(platformManifest, PlatformTags[entry.Digest]).ConfigureAwait(false);
            }
        }

        private async Task PushBlobsAsync(RegistryManifest manifest)
        {
            // Only the base image's layers can be in the base repository: the SDK adds the app as the last layer, and
            // the config is new. A mount attempt the registry refuses is slower than the plain upload it turns into.
            HashSet<string> baseLayers = manifest.Layers.SkipLast(1).Select(l => l.Digest).ToHashSet(StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                manifest.Layers.Append(manifest.Config!),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelBlobPushes, CancellationToken = Cancellation },
                async (blob, cancellation) =>
                {
                    await using FileStream content = File.OpenRead(BlobPath(LayoutDirectory, blob.Digest));
                    await Client.PushBlobAsync(Target, blob, content, baseLayers.Contains(blob.Digest) ? MountFrom : null, cancellation).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
    }
}
