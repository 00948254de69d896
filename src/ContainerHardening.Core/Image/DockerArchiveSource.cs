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

    // Where each descriptor's bytes are; reading a blob to its end checks it against its descriptor.
    private readonly Dictionary<string, string> _blobs = new(StringComparer.Ordinal);

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
        _blobs[config.Digest] = configPath;

        var layers = new List<Descriptor>();
        for (int i = 0; i < image.Layers.Count; i++)
        {
            string layerPath = ArchivePath(image.Layers[i]);
            long size = Files.Length(layerPath) ?? throw new ImageFormatException(RuleCatalog.ImageBlobMissing, ImagePath, layerPath);
            // Older "<id>/layer.tar" names are not digests (and such a file may be compressed, so its diff_id is no
            // digest either): its digest is what its bytes hash to, read once here so every descriptor is honest.
            string digest = layerPath.StartsWith(BlobDirectory, StringComparison.Ordinal)
                ? Digest.Sha256Prefix + layerPath[BlobDirectory.Length..]
                : HashOf(layerPath);
            layers.Add(new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = digest, Size = size });
            _blobs[digest] = layerPath;
        }

        Manifest = new ImageManifest { SchemaVersion = 2, MediaType = MediaTypes.DockerManifest, Config = config, Layers = layers };
        Validate(Manifest, Config);
    }

    public override ImageManifest Manifest { get; }

    public override ImageConfig Config { get; }

    public override Stream OpenBlob(Descriptor descriptor) =>
        _blobs.TryGetValue(descriptor.Digest, out string? path)
            ? OpenVerified(path, descriptor)
            : throw new ImageFormatException(RuleCatalog.ImageBlobMissing, ImagePath, descriptor.Digest);

    private string HashOf(string path)
    {
        using var stream = new HashingReadStream(Files.Open(path));
        stream.CopyTo(Stream.Null);
        return stream.Digest;
    }

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
    internal sealed record ArchiveManifest
    {
        [JsonPropertyName("Config")]
        public required string Config { get; init; }

        [JsonPropertyName("Layers")]
        public required IReadOnlyList<string> Layers { get; init; }
    }
}
