namespace ContainerHardening.Diagnostics;

/// <summary>The one list of every rule the package can report.</summary>
public static class RuleCatalog
{
    public static RuleInfo InvalidSourceDateEpoch { get; } = new(DiagnosticIds.InvalidSourceDateEpoch, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo StagingFailed { get; } = new(DiagnosticIds.StagingFailed, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyFileNotFound { get; } = new(DiagnosticIds.PolicyFileNotFound, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyFileUnreadable { get; } = new(DiagnosticIds.PolicyFileUnreadable, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyNotYaml { get; } = new(DiagnosticIds.PolicyNotYaml, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyTabIndentation { get; } = new(DiagnosticIds.PolicyTabIndentation, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyDuplicateKey { get; } = new(DiagnosticIds.PolicyDuplicateKey, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyUnknownKey { get; } = new(DiagnosticIds.PolicyUnknownKey, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyInvalidValue { get; } = new(DiagnosticIds.PolicyInvalidValue, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyUnknownRule { get; } = new(DiagnosticIds.PolicyUnknownRule, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo PolicyMissingKey { get; } = new(DiagnosticIds.PolicyMissingKey, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo SuppressionExpired { get; } = new(DiagnosticIds.SuppressionExpired, RuleCategory.Configuration, Severity.Warning);

    public static RuleInfo RunsAsRoot { get; } = new(DiagnosticIds.RunsAsRoot, RuleCategory.ImageConfig, Severity.Error, "CIS Docker 4.1; Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo PrivilegedPort { get; } = new(DiagnosticIds.PrivilegedPort, RuleCategory.ImageConfig, Severity.Warning, "CIS Docker 5.8");

    public static RuleInfo NonNumericUser { get; } = new(DiagnosticIds.NonNumericUser, RuleCategory.ImageConfig, Severity.Info, "Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo InsecureRegistry { get; } = new(DiagnosticIds.InsecureRegistry, RuleCategory.SupplyChain, Severity.Error, "CIS Docker 2.4");

    public static RuleInfo RegistryUnreachable { get; } = new(DiagnosticIds.RegistryUnreachable, RuleCategory.SupplyChain, Severity.Error);

    public static RuleInfo RegistryAuthenticationFailed { get; } = new(DiagnosticIds.RegistryAuthenticationFailed, RuleCategory.SupplyChain, Severity.Error);

    public static RuleInfo RegistryNotFound { get; } = new(DiagnosticIds.RegistryNotFound, RuleCategory.SupplyChain, Severity.Error);

    public static RuleInfo RegistryServerError { get; } = new(DiagnosticIds.RegistryServerError, RuleCategory.SupplyChain, Severity.Error);

    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        InvalidSourceDateEpoch,
        StagingFailed,
        PolicyFileNotFound,
        PolicyFileUnreadable,
        PolicyNotYaml,
        PolicyTabIndentation,
        PolicyDuplicateKey,
        PolicyUnknownKey,
        PolicyInvalidValue,
        PolicyUnknownRule,
        PolicyMissingKey,
        SuppressionExpired,
        RunsAsRoot,
        PrivilegedPort,
        NonNumericUser,
        InsecureRegistry,
        RegistryUnreachable,
        RegistryAuthenticationFailed,
        RegistryNotFound,
        RegistryServerError,
    ];

    /// <summary>The rule with this exact id, or null when the package has no such rule.</summary>
    public static RuleInfo? Find(string id) => All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.Ordinal));
}
