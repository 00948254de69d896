using ContainerHardening.Diagnostics;

namespace ContainerHardening.Sbom;

/// <summary>What the image's filesystem says: its operating system, OS packages and .NET shared frameworks.</summary>
public sealed record ImageContents(OsRelease? OperatingSystem, IReadOnlyList<SbomComponent> Components);

/// <summary>
/// Reads every package database the SBOM knows from an image's files: /etc/os-release (or /usr/lib/os-release),
/// dpkg's status file and status.d directory, chisel's manifest, apk's installed database, and the shared framework
/// folders. A file that is missing is not a problem (most images have only one database); a file that is there but
/// cannot be read is a CH6002 warning.
/// </summary>
public static class ImageInventoryReader
{
    private static readonly string[] OsReleasePaths = ["etc/os-release", "usr/lib/os-release"];

    public static SbomReadResult<ImageContents> Read(IImageFileSource image)
    {
        var findings = new List<Finding>();
        var components = new List<SbomComponent>();
        HashSet<string> paths = image.Paths.Select(Normalize).ToHashSet(StringComparer.Ordinal);

        OsRelease? os = null;
        foreach (string path in OsReleasePaths.Where(paths.Contains))
        {
            using Stream? stream = image.Open(path);
            string? text = stream is null ? null : ControlFileParser.ReadText(stream);
            os = text is null ? null : OsRelease.Parse(text);
            if (os is not null)
            {
                break;
            }
        }

        Add(DpkgStatusReader.StatusPath, (s, p) => DpkgStatusReader.Read(s, p, os));
        foreach (string path in paths.Where(p => p.StartsWith(DpkgStatusReader.StatusDirectory, StringComparison.Ordinal) && p.Length > DpkgStatusReader.StatusDirectory.Length).Order(StringComparer.Ordinal))
        {
            // status.d holds one paragraph per package, plus ".md5sums" lists on some images.
            if (!path.EndsWith(".md5sums", StringComparison.Ordinal))
            {
                Add(path, (s, p) => DpkgStatusReader.Read(s, p, os));
            }
        }

        Add(ChiselManifestReader.ManifestPath, (s, p) => ChiselManifestReader.Read(s, p, os));
        Add(ApkInstalledReader.InstalledPath, (s, p) => ApkInstalledReader.Read(s, p, os));
        components.AddRange(SharedFrameworkReader.Read(paths));
        return new(new ImageContents(os, components), findings);

        void Add(string path, Func<Stream, string, SbomReadResult<IReadOnlyList<SbomComponent>>> read)
        {
            if (!paths.Contains(path))
            {
                return;
            }

            using Stream? stream = image.Open(path);
            if (stream is null)
            {
                return;
            }

            SbomReadResult<IReadOnlyList<SbomComponent>> result = read(stream, path);
            components.AddRange(result.Value);
            findings.AddRange(result.Findings);
        }
    }

    private static string Normalize(string path) => path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
}
