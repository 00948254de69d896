using ContainerHardening.Diagnostics;

namespace ContainerHardening.Reporting;

/// <summary>How many findings a report holds at each severity, and how many a policy suppressed.</summary>
public sealed record ReportSummary(int Errors, int Warnings, int Infos, int Suppressed)
{
    public static ReportSummary Of(HardeningReport report) => new(
        Count(report, Severity.Error),
        Count(report, Severity.Warning),
        Count(report, Severity.Info),
        report.Suppressed.Count);

    private static int Count(HardeningReport report, Severity severity) => report.Findings.Count(f => f.Severity == severity);
}
