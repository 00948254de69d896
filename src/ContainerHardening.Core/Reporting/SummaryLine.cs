using System.Globalization;

namespace ContainerHardening.Reporting;

/// <summary>The one line per image printed at the end of a publish, so the outcome is visible without opening a report.</summary>
public static class SummaryLine
{
    /// <summary>How many characters of the digest's hex part to show: enough to tell images apart, as docker does.</summary>
    private const int ShortDigestLength = 12;

    /// <summary>
    /// E.g. <c>ContainerHardening: localhost:5000/app:1 sha256:abcdef012345… — 1 error, 2 warnings, 0 infos, 1 suppressed — report: obj/report.sarif</c>.
    /// </summary>
    /// <param name="report">The image's report.</param>
    /// <param name="sarifFile">Where report.sarif was written; shown relative to the repository root.</param>
    public static string For(HardeningReport report, string sarifFile)
    {
        ReportSummary summary = ReportSummary.Of(report);
        string counts = string.Join(", ",
            Count(summary.Errors, "error", "errors"),
            Count(summary.Warnings, "warning", "warnings"),
            Count(summary.Infos, "info", "infos"),
            Count(summary.Suppressed, "suppressed", "suppressed"));
        string reportPath = RepositoryPath.Of(report.RepositoryRoot, sarifFile).Path;
        // A publish that failed before the image was built has no digest yet.
        string image = report.ManifestDigest.Length > 0 ? $"{report.ImageReference} {ShortDigest(report.ManifestDigest)}" : report.ImageReference;
        return $"{HardeningReport.ToolName}: {image} — {counts} — report: {reportPath}";
    }

    private static string Count(int count, string singular, string plural) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural);

    private static string ShortDigest(string digest)
    {
        int hexStart = digest.IndexOf(':', StringComparison.Ordinal) + 1;
        return digest.Length - hexStart > ShortDigestLength ? digest[..(hexStart + ShortDigestLength)] + "…" : digest;
    }
}
