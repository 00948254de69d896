using ContainerHardening.Analysis;
using ContainerHardening.Sbom;

namespace ContainerHardening.Pipeline;

/// <summary>
/// The image's final filesystem as the SBOM readers see it: every path from the merged view, and the content of the
/// package databases that the layer pass kept.
/// </summary>
internal sealed class CollectedImageFiles(ImageFilesystem filesystem, IReadOnlyDictionary<string, byte[]> contents) : IImageFileSource
{
    /// <summary>
    /// The files the SBOM reads: release files and the package databases of Debian/Ubuntu (dpkg, status.d, chisel) and
    /// Alpine. A whole dpkg status file of a full distribution image is a few MB, hence the larger limit.
    /// </summary>
    public static FileContentCollector Collector() => new(IsInventoryFile, 16 * 1024 * 1024);

    public IEnumerable<string> Paths => filesystem.Entries.Keys;

    public Stream? Open(string path) => contents.TryGetValue(path, out byte[]? bytes) ? new MemoryStream(bytes, writable: false) : null;

    private static bool IsInventoryFile(string path) =>
        path is "etc/os-release" or "usr/lib/os-release" or "var/lib/dpkg/status" or "var/lib/chisel/manifest.wall" or "lib/apk/db/installed"
        || path.StartsWith("var/lib/dpkg/status.d/", StringComparison.Ordinal);
}
