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

    public static RuleInfo SecretsBaselineInvalid { get; } = new(DiagnosticIds.SecretsBaselineInvalid, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo SecretScanSkipped { get; } = new(DiagnosticIds.SecretScanSkipped, RuleCategory.Configuration, Severity.Warning);

    public static RuleInfo RunsAsRoot { get; } = new(DiagnosticIds.RunsAsRoot, RuleCategory.ImageConfig, Severity.Error, "CIS Docker 4.1; Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo PrivilegedPort { get; } = new(DiagnosticIds.PrivilegedPort, RuleCategory.ImageConfig, Severity.Warning, "CIS Docker 5.8");

    public static RuleInfo NonNumericUser { get; } = new(DiagnosticIds.NonNumericUser, RuleCategory.ImageConfig, Severity.Info, "Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo PrivateKey { get; } = new(DiagnosticIds.PrivateKey, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo Pkcs12File { get; } = new(DiagnosticIds.Pkcs12File, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo CloudCredential { get; } = new(DiagnosticIds.CloudCredential, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo ServiceToken { get; } = new(DiagnosticIds.ServiceToken, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo ConnectionStringPassword { get; } = new(DiagnosticIds.ConnectionStringPassword, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo JsonWebToken { get; } = new(DiagnosticIds.JsonWebToken, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo ConfigurationSecret { get; } = new(DiagnosticIds.ConfigurationSecret, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo CredentialFile { get; } = new(DiagnosticIds.CredentialFile, RuleCategory.Secrets, Severity.Error, "CIS Docker 4.10");

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
        SecretsBaselineInvalid,
        SecretScanSkipped,
        RunsAsRoot,
        PrivilegedPort,
        NonNumericUser,
        PrivateKey,
        Pkcs12File,
        CloudCredential,
        ServiceToken,
        ConnectionStringPassword,
        JsonWebToken,
        ConfigurationSecret,
        CredentialFile,
    ];

    /// <summary>The rule with this exact id, or null when the package has no such rule.</summary>
    public static RuleInfo? Find(string id) => All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.Ordinal));
}
