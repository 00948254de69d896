using System.Diagnostics;
using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// A task that reports findings. It takes the policy inputs every such task shares, sends its findings through the
/// project's <see cref="HardeningPolicy"/>, logs them, and hands them on as items for the report.
/// </summary>
public abstract class PolicyTask : Microsoft.Build.Utilities.Task
{
    [Required] public string ProjectDirectory { get; set; } = "";

    /// <summary>The project file, to tell the project's own ContainerHardeningRule items from imported (org) ones.</summary>
    [Required] public string ProjectFullPath { get; set; } = "";

    public string PolicyFile { get; set; } = "";
    public string Mode { get; set; } = "";
    public ITaskItem[] Rules { get; set; } = [];
    public string RuleSeverity { get; set; } = "";
    public bool TreatWarningsAsErrors { get; set; }
    public string WarningsAsErrors { get; set; } = "";
    public string NoWarn { get; set; } = "";

    [Output] public ITaskItem[] ReportedFindings { get; private set; } = [];
    [Output] public ITaskItem[] SuppressedFindings { get; private set; } = [];
    [Output] public ITaskItem? Timing { get; private set; }

    private HardeningPolicy? _policy;

    /// <summary>The policy in force, loaded on first use.</summary>
    protected HardeningPolicy Policy => _policy ??= HardeningPolicy.Load(new PolicyInputs
    {
        ProjectDirectory = ProjectDirectory,
        PolicyFile = PolicyFile,
        Mode = Mode,
        ProjectSeverities = Rules.Where(IsProjectOwn).Select(SeverityEntryOf).ToList(),
        OrgSeverities = Rules.Where(r => !IsProjectOwn(r)).Select(SeverityEntryOf).ToList(),
        SeverityOverrides = RuleSeverity,
        TreatWarningsAsErrors = TreatWarningsAsErrors,
        WarningsAsErrors = WarningsAsErrors,
        NoWarn = NoWarn,
        Today = DateOnly.FromDateTime(DateTime.UtcNow),
    });

    public sealed override bool Execute()
    {
        long started = Stopwatch.GetTimestamp();
        ExecuteCore();
        Timing = new Microsoft.Build.Utilities.TaskItem(GetType().Name, new Dictionary<string, string>
        {
            ["Milliseconds"] = ((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    /// <summary>
    /// Applies the policy to <paramref name="findings"/>, logs what remains, and adds both to the outputs. A finding
    /// without a file of its own is placed on the project file, where the setting behind it lives.
    /// </summary>
    protected void Report(IEnumerable<Finding> findings)
    {
        PolicyOutcome outcome = Policy.Apply(findings.Select(f => f.File is null ? f with { File = ProjectFullPath } : f));
        FindingLog.LogAll(Log, outcome.Reported);
        ReportedFindings = [.. ReportedFindings, .. outcome.Reported.Select(FindingItems.ToItem)];
        SuppressedFindings = [.. SuppressedFindings, .. outcome.Suppressed.Select(s => FindingItems.ToItem(s, Policy.PolicyFile ?? ""))];
    }

    private bool IsProjectOwn(ITaskItem rule) =>
        string.Equals(rule.GetMetadata("DefiningProjectFullPath"), ProjectFullPath, StringComparison.OrdinalIgnoreCase);

    private static SeverityEntry SeverityEntryOf(ITaskItem rule) =>
        new(rule.ItemSpec, rule.GetMetadata("Severity"), rule.GetMetadata("DefiningProjectFullPath"));
}
