using ContainerHardening.Normalization;

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
    /// Copies the normalized image archive to <paramref name="archive"/>, unless that file is still the copy this
    /// package made of the same image — an unchanged rebuild then writes nothing. Returns whether it copied.
    /// </summary>
    public static bool Copy(string image, string manifestDigest, string archive)
    {
        // The image file's own length and time join the digest: the same manifest with other tags is another tar.
        var source = new FileInfo(image);
        string identity = $"{manifestDigest} {source.Length} {source.LastWriteTimeUtc.Ticks}";
        var stamp = new OutputStamp(image + ".delivered" + OutputStamp.Extension);
        if (stamp.Matches(archive, identity))
        {
            return false;
        }

        stamp.Delete();
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        File.Copy(image, archive, overwrite: true);
        stamp.Record(archive, identity);
        return true;
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
