namespace ContainerHardening.Reporting;

/// <summary>The paths <see cref="ReportFiles.Write"/> wrote.</summary>
public sealed record ReportFilePaths(string Sarif, string Json);

/// <summary>Writes an image's report files into one folder.</summary>
public static class ReportFiles
{
    public const string SarifFileName = "report.sarif";

    public const string JsonFileName = "report.json";

    /// <summary>
    /// Writes report.sarif and report.json into <paramref name="directory"/>, creating it if needed. Each file is
    /// written next to its destination and then renamed over it, so a reader (or an incremental build comparing
    /// timestamps) never sees half a report when the build is cancelled mid-write.
    /// </summary>
    public static ReportFilePaths Write(string directory, HardeningReport report)
    {
        Directory.CreateDirectory(directory);
        var paths = new ReportFilePaths(Path.Combine(directory, SarifFileName), Path.Combine(directory, JsonFileName));
        WriteAtomically(paths.Sarif, stream => SarifWriter.Write(stream, report));
        WriteAtomically(paths.Json, stream => JsonReportWriter.Write(stream, report));
        return paths;
    }

    /// <summary>Writes next to <paramref name="path"/> and renames over it; the SBOM files use it too.</summary>
    internal static void WriteAtomically(string path, Action<Stream> write)
    {
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (FileStream stream = new(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
