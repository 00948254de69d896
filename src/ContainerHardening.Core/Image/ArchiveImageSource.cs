using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>What the archive-backed sources share: reading the small JSON documents and handing out verified blobs.</summary>
internal abstract class ArchiveImageSource(IArchiveFiles files) : IImageSource
{
    public string ImagePath => Files.ImagePath;

    public abstract ImageManifest Manifest { get; }

    public virtual string? ManifestDigest => null;

    public abstract ImageConfig Config { get; }

    protected IArchiveFiles Files { get; } = files;

    public abstract Stream OpenBlob(Descriptor descriptor);

    public void Dispose() => Files.Dispose();

    /// <summary>Opens <paramref name="path"/>; reading it to the end checks it against the descriptor's digest and size.</summary>
    protected Stream OpenVerified(string path, Descriptor descriptor) => OpenVerified(Files, path, descriptor);

    protected static Stream OpenVerified(IArchiveFiles files, string path, Descriptor descriptor)
    {
        CheckSize(files.ImagePath, descriptor.Digest, descriptor.Size, ImageLimits.MaxContentBytes);
        if (files.Length(path) is null)
        {
            throw new ImageFormatException(RuleCatalog.ImageBlobMissing, files.ImagePath, descriptor.Digest);
        }

        return new HashingReadStream(files.Open(path), read => CheckDigest(files.ImagePath, read, descriptor));
    }

    /// <summary>Reads a manifest, index or config, capped in size because it is held in memory.</summary>
    protected T ReadDocument<T>(Stream stream, long declaredSize, string subject, string documentType)
        where T : class => ReadDocument<T>(ImagePath, stream, declaredSize, subject, documentType);

    protected static T ReadDocument<T>(string imagePath, Stream stream, long declaredSize, string subject, string documentType)
        where T : class
    {
        CheckSize(imagePath, subject, declaredSize, ImageLimits.MaxDocumentBytes);

        // Only the declared size is buffered; a longer blob is drained without keeping it, which ends in CH0022.
        byte[] bytes = new byte[declaredSize];
        using (stream)
        {
            stream.ReadExactly(bytes);
            stream.CopyTo(Stream.Null);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, (JsonTypeInfo<T>)ImageJsonContext.Default.GetTypeInfo(typeof(T))!)
                ?? throw new JsonException("The document is null.");
        }
        catch (JsonException e)
        {
            throw new ImageFormatException(RuleCatalog.ImageMetadataInvalid, imagePath, subject, e, documentType, e.Message);
        }
    }

    /// <summary>Checks what every source must agree on before any layer is read.</summary>
    protected void Validate(ImageManifest manifest, ImageConfig config)
    {
        foreach (Descriptor layer in manifest.Layers)
        {
            if (!MediaTypes.IsLayer(layer.MediaType))
            {
                throw new ImageFormatException(RuleCatalog.ImageFormatUnsupported, ImagePath, layer.Digest, layer.MediaType);
            }
        }

        CheckLayerCount(manifest.Layers.Count, manifest.Config, config);
    }

    /// <summary>Every layer needs its diff_id, and the config must not list layers the manifest lacks.</summary>
    protected void CheckLayerCount(int layerCount, Descriptor configDescriptor, ImageConfig config)
    {
        if (layerCount != config.RootFs.DiffIds.Count)
        {
            throw new ImageFormatException(RuleCatalog.ImageMetadataInvalid, ImagePath, configDescriptor.Digest, configDescriptor.MediaType,
                Strings.Format(DiagnosticIds.ImageMetadataInvalid + "_LayerCount", layerCount, config.RootFs.DiffIds.Count));
        }
    }

    private static void CheckSize(string imagePath, string subject, long size, long limit)
    {
        if (size < 0 || size > limit)
        {
            throw new ImageFormatException(RuleCatalog.ImageSizeOutOfRange, imagePath, subject, size, limit);
        }
    }

    private static void CheckDigest(string imagePath, HashingReadStream read, Descriptor descriptor)
    {
        if (read.BytesRead != descriptor.Size || read.Digest != descriptor.Digest)
        {
            throw new ImageFormatException(RuleCatalog.ImageDigestMismatch, imagePath, descriptor.Digest, read.BytesRead, read.Digest);
        }
    }
}
