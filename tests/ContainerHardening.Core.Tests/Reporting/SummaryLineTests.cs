using ContainerHardening.Diagnostics;
using ContainerHardening.Reporting;

namespace ContainerHardening.Tests.Reporting;

public class SummaryLineTests
{
    [Fact]
    public void The_line_names_the_image_the_short_digest_the_counts_and_the_relative_report_path()
    {
        string line = SummaryLine.For(Reports.Full, Reports.InRoot("obj", "Release", "report.sarif"));

        Assert.Equal(
            "ContainerHardening: localhost:5000/app:1 sha256:0123456789ab… — 2 errors, 2 warnings, 1 info, 1 suppressed — report: obj/Release/report.sarif",
            line);
    }

    [Fact]
    public void Counts_of_one_are_singular_and_of_zero_plural()
    {
        var report = Reports.Empty with
        {
            Findings = [new Finding(RuleCatalog.RunsAsRoot, Severity.Error, "root")],
        };

        string line = SummaryLine.For(report, Reports.InRoot("report.sarif"));

        Assert.Contains(" — 1 error, 0 warnings, 0 infos, 0 suppressed — ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:0123456789ab", "sha256:0123456789ab")]
    [InlineData("sha512:0123456789abc", "sha512:0123456789ab…")]
    public void Only_a_digest_longer_than_twelve_hex_digits_is_shortened(string digest, string shown)
    {
        string line = SummaryLine.For(Reports.Empty with { ManifestDigest = digest }, Reports.InRoot("report.sarif"));

        Assert.StartsWith($"ContainerHardening: localhost:5000/app:1 {shown} — ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publish_that_failed_before_the_image_existed_shows_no_digest()
    {
        string line = SummaryLine.For(Reports.Empty with { ManifestDigest = "" }, Reports.InRoot("report.sarif"));

        Assert.StartsWith("ContainerHardening: localhost:5000/app:1 — 0 errors", line, StringComparison.Ordinal);
    }
}
