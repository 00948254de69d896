using System.Text.Json;
using ContainerHardening.Registry;

namespace ContainerHardening.Pipeline;

/// <summary>Pushes the single image of an OCI layout folder to a registry: blobs first (existing ones skipped, base
/// layers mounted from the base repository when both live in the same registry), then the manifest under every tag.</summary>
public static class LayoutPusher
{
    /// <returns>The descriptor of the pushed manifest.</returns>
    public static async Task<RegistryDescriptor> PushAsync(
        string layoutDirectory, ImageReference target, IReadOnlyCollection<string> tags, RegistryClient client,
        string? mountFromRepository, CancellationToken cancellationToken)
    {
        using JsonDocument index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layoutDirectory, "index.json"), cancellationToken).ConfigureAwait(false));
        JsonElement manifestDescriptor = index.RootElement.GetProperty("manifests")[0];
        string manifestDigest = manifestDescriptor.GetProperty("digest").GetString()!;
        string manifestMediaType = manifestDescriptor.GetProperty("mediaType").GetString()!;
        byte[] manifest = await File.ReadAllBytesAsync(BlobPath(layoutDirectory, manifestDigest), cancellationToken).ConfigureAwait(false);

        using JsonDocument parsed = JsonDocument.Parse(manifest);
        IEnumerable<JsonElement> blobs = parsed.RootElement.GetProperty("layers").EnumerateArray().Append(parsed.RootElement.GetProperty("config"));
        foreach (JsonElement blob in blobs)
        {
            var descriptor = new RegistryDescriptor(blob.GetProperty("mediaType").GetString()!, blob.GetProperty("digest").GetString()!, blob.GetProperty("size").GetInt64());
            await using FileStream content = File.OpenRead(BlobPath(layoutDirectory, descriptor.Digest));
            await client.PushBlobAsync(target, descriptor, content, mountFromRepository, cancellationToken).ConfigureAwait(false);
        }

        await client.PushManifestAsync(target, manifest, manifestMediaType, tags, cancellationToken).ConfigureAwait(false);
        return new RegistryDescriptor(manifestMediaType, manifestDigest, manifest.Length);
    }

    private static string BlobPath(string layoutDirectory, string digest)
    {
        int colon = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(layoutDirectory, "blobs", digest[..colon], digest[(colon + 1)..]);
    }
}
