using ContainerHardening.Diagnostics;
using Microsoft.Build.Utilities;

namespace ContainerHardening.Tasks;

/// <summary>The single place where a core <see cref="Finding"/> becomes an MSBuild error, warning or message.</summary>
internal static class FindingLog
{
    public static void Log(TaskLoggingHelper log, Finding finding)
    {
        string helpLink = finding.Rule.HelpUri.ToString();
        string file = finding.File ?? "";
        switch (finding.Severity)
        {
            case Severity.Error:
                log.LogError(null, finding.Rule.Id, finding.Rule.Id, helpLink, file, finding.Line, finding.Column, 0, 0, "{0}", finding.Message);
                break;
            case Severity.Warning:
                log.LogWarning(null, finding.Rule.Id, finding.Rule.Id, helpLink, file, finding.Line, finding.Column, 0, 0, "{0}", finding.Message);
                break;
            case Severity.Info:
                log.LogMessage(null, finding.Rule.Id, finding.Rule.Id, file, finding.Line, finding.Column, 0, 0, Microsoft.Build.Framework.MessageImportance.High, "{0}", finding.Message);
                break;
            case Severity.None:
                break;
        }
    }

    public static void LogAll(TaskLoggingHelper log, IEnumerable<Finding> findings)
    {
        foreach (Finding finding in findings)
        {
            Log(log, finding);
        }
    }
}
