namespace ContainerHardening.Image;

/// <summary>
/// One image, wherever it is stored: an archive the SDK wrote, an OCI layout directory, later a registry.
/// The manifest and config are read when the source is opened; layers are streamed on demand.
/// </summary>
public interface IImageSource : IDisposable
{
    /// <summary>Where the image is, as shown in messages; never holds credentials.</summary>
    string ImagePath { get; }

    ImageManifest Manifest { get; }

    /// <summary>
    /// The digest of the manifest as stored (what a registry serves and what the SBOM and reports name), or null when
    /// the source holds no manifest blob of its own (a docker-load archive).
    /// </summary>
    string? ManifestDigest { get; }

    ImageConfig Config { get; }

    /// <summary>
    /// Streams a blob the manifest names. Reading it to the end checks its digest and size, and throws an
    /// <see cref="ImageFormatException"/> (CH0022) on a mismatch; a missing blob throws CH0021.
    /// </summary>
    Stream OpenBlob(Descriptor descriptor);
}
