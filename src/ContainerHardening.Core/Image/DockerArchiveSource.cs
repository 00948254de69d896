using System.Security.Cryptography;
using System.Text.Json.Serialization;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>
/// A docker-load archive, as the SDK writes to ContainerArchiveOutputPath for a Docker base image: manifest.json
/// names the config file and one tar per layer. It has no image manifest, so one is assembled from those paths.
/// </summary>
internal sealed class DockerArchiveSource : ArchiveImageSource
{
    public const string ManifestFile = "manifest.json";
    private const string ManifestDocumentType = "docker-load " + ManifestFile;
    private const string BlobDirectory = "blobs/sha256/";

    // Where each descriptor's bytes are, and whether their path is their digest and so can be checked against it.
    private readonly Dictionary<string, (string Path, bool Verify)> _blobs = new(StringComparer.Ordinal);

    public DockerArchiveSource(IArchiveFiles files)
        : base(files)
    {
        ArchiveManifest[] images = ReadDocument<ArchiveManifest[]>(Files.Open(ManifestFile), Files.Length(ManifestFile)!.Value, ManifestFile, ManifestDocumentType);
        if (images.Length != 1)
        {
            throw new ImageFormatException(RuleCatalog.ImageManifestAmbiguous, ImagePath, ManifestFile, images.Length);
        }

        ArchiveManifest image = images[0];
        string configPath = ArchivePath(image.Config);
        long configSize = Files.Length(configPath)
            ?? throw new ImageFormatException(RuleCatalog.ImageBlobMissing, ImagePath, configPath);

        // The config's digest is computed while it is read rather than trusted from its file name; the name
        // ("<hex>.json" or "blobs/sha256/<hex>") must still agree with it.
        var configStream = new HashingReadStream(Files.Open(configPath));
        Config = ReadDocument<ImageConfig>(configStream, configSize, configPath, MediaTypes.DockerConfig);
        Descriptor config = new() { MediaType = MediaTypes.DockerConfig, Digest = configStream.Digest, Size = configSize };
        CheckNamedDigest(configPath, config);
        CheckLayerCount(image.Layers.Count, config, Config);
        _blobs[config.Digest] = (configPath, false);

        var layers = new List<Descriptor>();
        for (int i = 0; i < image.Layers.Count; i++)
        {
            string layerPath = ArchivePath(image.Layers[i]);
            long size = Files.Length(layerPath) ?? throw new ImageFormatException(RuleCatalog.ImageBlobMissing, ImagePath, layerPath);
            string? contentDigest = layerPath.StartsWith(BlobDirectory, StringComparison.Ordinal) ? Digest.Sha256Prefix + layerPath[BlobDirectory.Length..] : null;

            // Older "<id>/layer.tar" names are not digests; such a layer is identified, and checked, by its diff_id.
            string digest = contentDigest ?? Config.RootFs.DiffIds[i];
            layers.Add(new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = digest, Size = size });
            _blobs[digest] = (layerPath, contentDigest is not null);
        }

        Manifest = new ImageManifest { SchemaVersion = 2, MediaType = MediaTypes.DockerManifest, Config = config, Layers = layers };
        Validate(Manifest, Config);
    }

    public override ImageManifest Manifest { get; }

    public override ImageConfig Config { get; }

    public override Stream OpenBlob(Descriptor descriptor) =>
        _blobs.TryGetValue(descriptor.Digest, out var blob)
            ? OpenVerified(blob.Path, descriptor, blob.Verify)
            : throw new ImageFormatException(RuleCatalog.ImageBlobMissing, ImagePath, descriptor.Digest);

    private string ArchivePath(string path) =>
        ImagePaths.Normalize(path) ?? throw new ImageFormatException(RuleCatalog.ImagePathTraversal, ImagePath, ManifestFile, path);

    private void CheckNamedDigest(string configPath, Descriptor config)
    {
        string name = configPath.StartsWith(BlobDirectory, StringComparison.Ordinal)
            ? configPath[BlobDirectory.Length..]
            : Path.GetFileNameWithoutExtension(configPath);
        if (name.Length == SHA256.HashSizeInBytes * 2 && Digest.Sha256Prefix + name != config.Digest)
        {
            throw new ImageFormatException(RuleCatalog.ImageDigestMismatch, ImagePath, Digest.Sha256Prefix + name, config.Size, config.Digest);
        }
    }

    /// <summary>One element of manifest.json.</summary>
    private sealed record ArchiveManifest
    {
        [JsonPropertyName("Config")]
        public required string Config { get; init; }

        [JsonPropertyName("Layers")]
        public required IReadOnlyList<string> Layers { get; init; }
    }
}
