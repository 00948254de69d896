namespace ContainerHardening.Pipeline;

/// <summary>Where an image archive and the files that travel with it go, with the SDK's meaning of ContainerArchiveOutputPath.</summary>
public static class ArchiveDelivery
{
    /// <summary>
    /// The archive file: the path itself, or — as the SDK does when the path is a folder — "&lt;repository&gt;.tar.gz" in it.
    /// </summary>
    public static string ArchivePath(string archiveOutputPath, string repository)
    {
        string full = Path.GetFullPath(archiveOutputPath);
        bool isFolder = Directory.Exists(full) || archiveOutputPath.EndsWith('/') || archiveOutputPath.EndsWith('\\');
        return isFolder ? Path.Combine(full, repository.Replace('/', '-') + ".tar.gz") : full;
    }

    /// <summary>
    /// The archive path without its ".tar" or ".tar.gz": an archive travels on its own, so its SBOMs go beside it
    /// (image.tar → image.sbom.cdx.json).
    /// </summary>
    public static string Stem(string archive)
    {
        foreach (string extension in new[] { ".tar.gz", ".tgz", ".tar" })
        {
            if (archive.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return archive[..^extension.Length];
            }
        }

        return archive;
    }
}
