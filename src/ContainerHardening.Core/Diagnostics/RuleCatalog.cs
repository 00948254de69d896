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

    public static RuleInfo ReportNotWritten { get; } = new(DiagnosticIds.ReportNotWritten, RuleCategory.Configuration, Severity.Warning);

    public static RuleInfo ImageArchiveCorrupt { get; } = new(DiagnosticIds.ImageArchiveCorrupt, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageBlobMissing { get; } = new(DiagnosticIds.ImageBlobMissing, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageDigestMismatch { get; } = new(DiagnosticIds.ImageDigestMismatch, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageDiffIdMismatch { get; } = new(DiagnosticIds.ImageDiffIdMismatch, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImagePathTraversal { get; } = new(DiagnosticIds.ImagePathTraversal, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageFormatUnsupported { get; } = new(DiagnosticIds.ImageFormatUnsupported, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageSizeOutOfRange { get; } = new(DiagnosticIds.ImageSizeOutOfRange, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageLayoutUnrecognized { get; } = new(DiagnosticIds.ImageLayoutUnrecognized, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageManifestAmbiguous { get; } = new(DiagnosticIds.ImageManifestAmbiguous, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo ImageMetadataInvalid { get; } = new(DiagnosticIds.ImageMetadataInvalid, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo RunsAsRoot { get; } = new(DiagnosticIds.RunsAsRoot, RuleCategory.ImageConfig, Severity.Error, "CIS Docker 4.1; Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo PrivilegedPort { get; } = new(DiagnosticIds.PrivilegedPort, RuleCategory.ImageConfig, Severity.Warning, "CIS Docker 5.8");

    public static RuleInfo NonNumericUser { get; } = new(DiagnosticIds.NonNumericUser, RuleCategory.ImageConfig, Severity.Info, "Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo SbomPackageWithoutLicense { get; } = new(DiagnosticIds.SbomPackageWithoutLicense, RuleCategory.Sbom, Severity.Info);

    public static RuleInfo SbomInputUnreadable { get; } = new(DiagnosticIds.SbomInputUnreadable, RuleCategory.Sbom, Severity.Warning);
    public static RuleInfo InsecureRegistry { get; } = new(DiagnosticIds.InsecureRegistry, RuleCategory.SupplyChain, Severity.Error, "CIS Docker 2.4");

    public static RuleInfo RegistryUnreachable { get; } = new(DiagnosticIds.RegistryUnreachable, RuleCategory.SupplyChain, Severity.Error);

    public static RuleInfo RegistryAuthenticationFailed { get; } = new(DiagnosticIds.RegistryAuthenticationFailed, RuleCategory.SupplyChain, Severity.Error);

    public static RuleInfo RegistryNotFound { get; } = new(DiagnosticIds.RegistryNotFound, RuleCategory.SupplyChain, Severity.Error);

    public static RuleInfo RegistryServerError { get; } = new(DiagnosticIds.RegistryServerError, RuleCategory.SupplyChain, Severity.Error);

    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        InvalidSourceDateEpoch,
        StagingFailed,
        ReportNotWritten,
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
        ImageArchiveCorrupt,
        ImageBlobMissing,
        ImageDigestMismatch,
        ImageDiffIdMismatch,
        ImagePathTraversal,
        ImageFormatUnsupported,
        ImageSizeOutOfRange,
        ImageLayoutUnrecognized,
        ImageManifestAmbiguous,
        ImageMetadataInvalid,
        RunsAsRoot,
        PrivilegedPort,
        NonNumericUser,
        SbomPackageWithoutLicense,
        SbomInputUnreadable,
        InsecureRegistry,
        RegistryUnreachable,
        RegistryAuthenticationFailed,
        RegistryNotFound,
        RegistryServerError,
    ];

    /// <summary>The rule with this exact id, or null when the package has no such rule.</summary>
    public static RuleInfo? Find(string id) => All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.Ordinal));
}
