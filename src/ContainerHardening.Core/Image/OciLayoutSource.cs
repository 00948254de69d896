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

    /// <param name="manifestDigest">The image to read when the layout holds several (a multi-platform publish); null for the only one.</param>
    public OciLayoutSource(IArchiveFiles files, string? manifestDigest = null)
        : base(files)
    {
        IReadOnlyList<Descriptor> images = ListImages(files);
        Descriptor manifestDescriptor = manifestDigest is null ? Select(images)
            : images.FirstOrDefault(d => d.Digest == manifestDigest) ?? throw new ImageFormatException(RuleCatalog.ImageBlobMissing, ImagePath, manifestDigest);
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

    public override Stream OpenBlob(Descriptor descriptor) => OpenBlob(Files, descriptor);

    /// <summary>The image manifests of the layout, found through index.json and the indexes it nests, in their order.</summary>
    public static IReadOnlyList<Descriptor> ListImages(IArchiveFiles files)
    {
        ImageIndex index = ReadDocument<ImageIndex>(files.ImagePath, files.Open(IndexFile), files.Length(IndexFile)!.Value, IndexFile, MediaTypes.OciIndex);
        var images = new List<Descriptor>();
        CollectManifests(files, index, depth: 1, images);
        return images;
    }

    private static Stream OpenBlob(IArchiveFiles files, Descriptor descriptor)
    {
        string hex = Digest.Sha256Hex(descriptor.Digest, files.ImagePath, descriptor.MediaType);
        return OpenVerified(files, "blobs/sha256/" + hex, descriptor);
    }

    private static void CollectManifests(IArchiveFiles files, ImageIndex index, int depth, List<Descriptor> candidates)
    {
        foreach (Descriptor entry in index.Manifests)
        {
            if (MediaTypes.IsManifest(entry.MediaType) && entry.Annotations?.ContainsKey(ReferenceTypeAnnotation) != true)
            {
                candidates.Add(entry);
            }
            else if (MediaTypes.IsIndex(entry.MediaType) && depth < ImageLimits.MaxIndexDepth)
            {
                CollectManifests(files, ReadDocument<ImageIndex>(files.ImagePath, OpenBlob(files, entry), entry.Size, entry.Digest, entry.MediaType), depth + 1, candidates);
            }

            // Anything else (signatures, SBOM artifacts, indexes nested absurdly deep) is not an image to check.
        }
    }

    private Descriptor Select(IReadOnlyList<Descriptor> candidates)
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
