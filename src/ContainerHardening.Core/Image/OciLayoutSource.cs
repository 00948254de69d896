using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>
/// An OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md), as the SDK writes
/// to ContainerArchiveOutputPath for an OCI base image: index.json, possibly nested indexes, and content-addressed
/// blobs under blobs/sha256/.
/// </summary>
internal sealed class OciLayoutSource : ArchiveImageSource
{
    public const string IndexFile = "index.json";

    // The platform the SDK builds by default; only consulted when the layout holds several images.
    private const string DefaultOS = "linux";
    private const string DefaultArchitecture = "amd64";

    // Docker buildx puts provenance attestations into the index as manifests for the platform "unknown/unknown".
    private const string ReferenceTypeAnnotation = "vnd.docker.reference.type";

    public OciLayoutSource(IArchiveFiles files)
        : base(files)
    {
        ImageIndex index = ReadDocument<ImageIndex>(Files.Open(IndexFile), Files.Length(IndexFile)!.Value, IndexFile, MediaTypes.OciIndex);
        var candidates = new List<Descriptor>();
        CollectManifests(index, depth: 1, candidates);
        Descriptor manifestDescriptor = Select(candidates);
        Manifest = ReadDocument<ImageManifest>(OpenBlob(manifestDescriptor), manifestDescriptor.Size, manifestDescriptor.Digest, manifestDescriptor.MediaType);
        ManifestDigest = manifestDescriptor.Digest;
        Descriptor config = Manifest.Config;
        if (!MediaTypes.IsConfig(config.MediaType))
        {
            throw new ImageFormatException(RuleCatalog.ImageFormatUnsupported, ImagePath, config.Digest, config.MediaType);
        }

        Config = ReadDocument<ImageConfig>(OpenBlob(config), config.Size, config.Digest, config.MediaType);
        Validate(Manifest, Config);
    }

    public override ImageManifest Manifest { get; }

    public override string? ManifestDigest { get; }

    public override ImageConfig Config { get; }

    public override Stream OpenBlob(Descriptor descriptor)
    {
        string hex = Digest.Sha256Hex(descriptor.Digest, ImagePath, descriptor.MediaType);
        return OpenVerified("blobs/sha256/" + hex, descriptor);
    }

    private void CollectManifests(ImageIndex index, int depth, List<Descriptor> candidates)
    {
        foreach (Descriptor entry in index.Manifests)
        {
            if (MediaTypes.IsManifest(entry.MediaType) && entry.Annotations?.ContainsKey(ReferenceTypeAnnotation) != true)
            {
                candidates.Add(entry);
            }
            else if (MediaTypes.IsIndex(entry.MediaType) && depth < ImageLimits.MaxIndexDepth)
            {
                CollectManifests(ReadDocument<ImageIndex>(OpenBlob(entry), entry.Size, entry.Digest, entry.MediaType), depth + 1, candidates);
            }

            // Anything else (signatures, SBOM artifacts, indexes nested absurdly deep) is not an image to check.
        }
    }

    private Descriptor Select(List<Descriptor> candidates)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        Descriptor[] forDefaultPlatform = candidates
            .Where(d => d.Platform is { OS: DefaultOS, Architecture: DefaultArchitecture })
            .ToArray();
        return forDefaultPlatform.Length == 1
            ? forDefaultPlatform[0]
            : throw new ImageFormatException(RuleCatalog.ImageManifestAmbiguous, ImagePath, Path.GetFileName(ImagePath), candidates.Count);
    }
}
