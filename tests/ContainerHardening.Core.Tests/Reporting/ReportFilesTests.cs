using System.Text;
using ContainerHardening.Reporting;

namespace ContainerHardening.Tests.Reporting;

public sealed class ReportFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ch-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Writes_both_reports_into_a_new_directory_and_leaves_no_temporary_file()
    {
        string target = Path.Combine(_directory, "obj", "container-hardening");

        ReportFilePaths paths = ReportFiles.Write(target, Reports.Full);

        Assert.Equal(Path.Combine(target, "report.sarif"), paths.Sarif);
        Assert.Equal(Path.Combine(target, "report.json"), paths.Json);
        Assert.Equal(Reports.Sarif(Reports.Full), File.ReadAllText(paths.Sarif, Encoding.UTF8));
        Assert.Equal(Reports.Json(Reports.Full), File.ReadAllText(paths.Json, Encoding.UTF8));
        Assert.Equal(["report.json", "report.sarif"], Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rewriting_replaces_the_previous_reports_with_byte_identical_ones_for_the_same_report()
    {
        ReportFilePaths first = ReportFiles.Write(_directory, Reports.Full);
        byte[] sarif = File.ReadAllBytes(first.Sarif);
        byte[] json = File.ReadAllBytes(first.Json);

        ReportFiles.Write(_directory, Reports.Empty);
        ReportFilePaths again = ReportFiles.Write(_directory, Reports.Full);

        Assert.Equal(sarif, File.ReadAllBytes(again.Sarif));
        Assert.Equal(json, File.ReadAllBytes(again.Json));
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
    }
}
