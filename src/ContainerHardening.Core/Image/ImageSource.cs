using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>Opens the image the SDK wrote, telling the storage formats apart by their marker files.</summary>
public static class ImageSource
{
    /// <summary>
    /// Opens an OCI image layout (tar or directory) or a docker-load tar. An archive that holds both, as
    /// <c>docker save</c> writes since Docker 25, is read as the OCI layout.
    /// </summary>
    /// <exception cref="ImageFormatException">The archive is not an image, or its manifest or config is not valid.</exception>
    public static IImageSource Open(string path)
    {
        IArchiveFiles files = Directory.Exists(path) ? new DirectoryArchiveFiles(path) : TarArchiveFiles.OpenArchive(path);
        try
        {
            if (files.Length(OciLayoutSource.IndexFile) is not null)
            {
                return new OciLayoutSource(files);
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
}
