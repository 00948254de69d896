namespace ContainerHardening.Sbom;

/// <summary>
/// The files of an image's final filesystem, as the SBOM readers need them. Implemented by the image reader; paths are
/// relative POSIX paths without a leading slash (<c>etc/os-release</c>), with whiteouts already applied.
/// </summary>
public interface IImageFileSource
{
    /// <summary>Every regular file and directory path in the image.</summary>
    IEnumerable<string> Paths { get; }

    /// <summary>The content of a regular file, or null when the path is not a regular file of the image.</summary>
    Stream? Open(string path);
}
