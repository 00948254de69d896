using ContainerHardening.Reporting;

namespace ContainerHardening.Sbom;

/// <summary>The paths <see cref="SbomFiles.Write"/> wrote.</summary>
public sealed record SbomFilePaths(string CycloneDx, string Spdx);

/// <summary>Writes an image's SBOMs into one folder, each file atomically (written aside, then renamed over).</summary>
public static class SbomFiles
{
    public const string CycloneDxFileName = "sbom.cdx.json";

    public const string SpdxFileName = "sbom.spdx.json";

    public static SbomFilePaths Write(string directory, SbomInventory inventory, SbomWriteOptions options)
    {
        Directory.CreateDirectory(directory);
        var paths = new SbomFilePaths(Path.Combine(directory, CycloneDxFileName), Path.Combine(directory, SpdxFileName));
        ReportFiles.WriteAtomically(paths.CycloneDx, stream => CycloneDxWriter.Write(stream, inventory, options));
        ReportFiles.WriteAtomically(paths.Spdx, stream => SpdxWriter.Write(stream, inventory, options));
        return paths;
    }
}
