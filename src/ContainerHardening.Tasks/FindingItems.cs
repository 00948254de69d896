using System.Globalization;
using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerHardening.Tasks;

/// <summary>
/// Findings travel between tasks as items (identity = rule id), so that the report written at the end of a publish
/// holds what every earlier task found. This is the one place that knows the metadata names.
/// </summary>
internal static class FindingItems
{
    public static ITaskItem ToItem(Finding finding) => new TaskItem(finding.Rule.Id, new Dictionary<string, string>
    {
        ["Severity"] = finding.Severity.ToString(),
        ["Message"] = finding.Message,
        ["File"] = finding.File ?? "",
        ["Line"] = finding.Line.ToString(CultureInfo.InvariantCulture),
        ["Column"] = finding.Column.ToString(CultureInfo.InvariantCulture),
        ["Subject"] = finding.Subject ?? "",
    });

    /// <param name="policyFile">The policy file whose suppression silenced the finding.</param>
    public static ITaskItem ToItem(SuppressedFinding suppressed, string policyFile)
    {
        ITaskItem item = ToItem(suppressed.Finding);
        item.SetMetadata("Justification", suppressed.Suppression.Reason);
        item.SetMetadata("PolicyFile", policyFile);
        item.SetMetadata("PolicyLine", suppressed.Suppression.Line.ToString(CultureInfo.InvariantCulture));
        return item;
    }

    /// <summary>The finding an item holds; null for an id this version does not know (an item from elsewhere).</summary>
    public static Finding? FromItem(ITaskItem item)
    {
        if (RuleCatalog.Find(item.ItemSpec) is not RuleInfo rule || !Enum.TryParse(item.GetMetadata("Severity"), out Severity severity))
        {
            return null;
        }

        string file = item.GetMetadata("File");
        string subject = item.GetMetadata("Subject");
        return new Finding(rule, severity, item.GetMetadata("Message"), file.Length > 0 ? file : null,
            Number(item, "Line"), Number(item, "Column"), subject.Length > 0 ? subject : null);
    }

    public static int Number(ITaskItem item, string metadata) =>
        int.TryParse(item.GetMetadata(metadata), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : 0;
}
