using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>Opens the image the SDK wrote, telling the storage formats apart by their marker files.</summary>
public static class ImageSource
{
    /// <summary>
    /// Opens an OCI image layout (tar or directory) or a docker-load tar. An archive that holds both, as
    /// <c>docker save</c> writes since Docker 25, is read as the OCI layout.
    /// </summary>
    /// <param name="manifestDigest">The image to read when the layout holds several (see <see cref="ListImages"/>); null for the only one.</param>
    /// <exception cref="ImageFormatException">The archive is not an image, or its manifest or config is not valid.</exception>
    public static IImageSource Open(string path, string? manifestDigest = null)
    {
        IArchiveFiles files = OpenFiles(path);
        try
        {
            if (files.Length(OciLayoutSource.IndexFile) is not null)
            {
                return new OciLayoutSource(files, manifestDigest);
            }

            if (files.Length(DockerArchiveSource.ManifestFile) is not null)
            {
                return new DockerArchiveSource(files);
            }

            throw new ImageFormatException(RuleCatalog.ImageLayoutUnrecognized, path, Path.GetFileName(path));
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The image manifests the archive holds: several for a multi-platform publish (the SDK's OCI layout with an image
    /// index), one otherwise. A docker-load archive has no manifest blobs: its one image is listed without a digest.
    /// </summary>
    /// <exception cref="ImageFormatException">The archive is not an image, or its index is not valid.</exception>
    public static IReadOnlyList<Descriptor> ListImages(string path)
    {
        using IArchiveFiles files = OpenFiles(path);
        if (files.Length(OciLayoutSource.IndexFile) is not null)
        {
            return OciLayoutSource.ListImages(files);
        }

        using IImageSource source = Open(path);
        return [new Descriptor { MediaType = source.Manifest.MediaType ?? MediaTypes.DockerManifest, Digest = "", Size = 0 }];
    }

    /// <summary>The files of an image stored as a folder (an OCI layout) or as a tar.</summary>
    internal static IArchiveFiles OpenFiles(string path) =>
        Directory.Exists(path) ? new DirectoryArchiveFiles(path) : TarArchiveFiles.OpenArchive(path);
}
