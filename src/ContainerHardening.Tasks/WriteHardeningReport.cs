using ContainerHardening.Diagnostics;
using ContainerHardening.Reporting;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Writes report.sarif and report.json for one image from the findings every earlier task handed on, and prints the
/// one-line summary.
/// </summary>
public sealed class WriteHardeningReport : Microsoft.Build.Utilities.Task
{
    [Required] public string OutputDirectory { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string ImageReference { get; set; } = "";
    public string ManifestDigest { get; set; } = "";
    public ITaskItem[] Findings { get; set; } = [];
    public ITaskItem[] SuppressedFindings { get; set; } = [];
    public ITaskItem[] Timings { get; set; } = [];

    [Output] public string SarifFile { get; private set; } = "";
    [Output] public string JsonFile { get; private set; } = "";

    public override bool Execute()
    {
        var suppressed = SuppressedFindings
            .Select(item => (Finding: FindingItems.FromItem(item), Item: item))
            .Where(pair => pair.Finding is not null)
            .Select(pair => new SuppressedFinding(
                pair.Finding!,
                pair.Item.GetMetadata("Justification"),
                new SuppressionSource(pair.Item.GetMetadata("PolicyFile"), FindingItems.Number(pair.Item, "PolicyLine"))))
            .ToList();

        var report = new HardeningReport(
            ImageReference,
            ManifestDigest,
            ToolVersion.Value,
            RepositoryRoot.Find(ProjectDirectory),
            RuleCatalog.All,
            Findings.Select(FindingItems.FromItem).OfType<Finding>().ToList(),
            suppressed,
            Timings.GroupBy(t => t.ItemSpec, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(t => (long)FindingItems.Number(t, "Milliseconds")), StringComparer.Ordinal));

        try
        {
            ReportFilePaths paths = ReportFiles.Write(OutputDirectory, report);
            SarifFile = paths.Sarif;
            JsonFile = paths.Json;
            Log.LogMessage(MessageImportance.High, "{0}", SummaryLine.For(report, paths.Sarif));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FindingLog.Log(Log, Finding.Create(RuleCatalog.ReportNotWritten, OutputDirectory, e.Message));
        }

        return !Log.HasLoggedErrors;
    }
}
