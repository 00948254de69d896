using ContainerHardening.Reporting;

namespace ContainerHardening.Sbom;

/// <summary>Writes an image's SBOMs into one folder, each file atomically (written aside, then renamed over).</summary>
public static class SbomFiles
{
    public const string CycloneDxFileName = "sbom.cdx.json";

    public const string SpdxFileName = "sbom.spdx.json";

    /// <returns>The files written, CycloneDX first.</returns>
    public static IReadOnlyList<string> Write(string directory, SbomInventory inventory, SbomWriteOptions options, SbomFormats formats = SbomFormats.All)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        if (formats.HasFlag(SbomFormats.CycloneDx))
        {
            string path = Path.Combine(directory, CycloneDxFileName);
            ReportFiles.WriteAtomically(path, stream => CycloneDxWriter.Write(stream, inventory, options));
            written.Add(path);
        }

        if (formats.HasFlag(SbomFormats.Spdx))
        {
            string path = Path.Combine(directory, SpdxFileName);
            ReportFiles.WriteAtomically(path, stream => SpdxWriter.Write(stream, inventory, options));
            written.Add(path);
        }

        return written;
    }
}
