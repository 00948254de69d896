namespace ContainerHardening.Diagnostics;

/// <summary>The one list of every rule the package can report.</summary>
public static class RuleCatalog
{
    public static RuleInfo InvalidSourceDateEpoch { get; } = new(DiagnosticIds.InvalidSourceDateEpoch, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo StagingFailed { get; } = new(DiagnosticIds.StagingFailed, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo RunsAsRoot { get; } = new(DiagnosticIds.RunsAsRoot, RuleCategory.ImageConfig, Severity.Error, "CIS Docker 4.1; Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo PrivilegedPort { get; } = new(DiagnosticIds.PrivilegedPort, RuleCategory.ImageConfig, Severity.Warning, "CIS Docker 5.8");

    public static RuleInfo NonNumericUser { get; } = new(DiagnosticIds.NonNumericUser, RuleCategory.ImageConfig, Severity.Info, "Kubernetes Pod Security restricted: runAsNonRoot");

    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        InvalidSourceDateEpoch,
        StagingFailed,
        RunsAsRoot,
        PrivilegedPort,
        NonNumericUser,
    ];
}
