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

    public static RuleInfo NormalizationFailed { get; } = new(DiagnosticIds.NormalizationFailed, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo DeliveryFailed { get; } = new(DiagnosticIds.DeliveryFailed, RuleCategory.Configuration, Severity.Error);
    public static RuleInfo MultiPlatformNotGated { get; } = new(DiagnosticIds.MultiPlatformNotGated, RuleCategory.Configuration, Severity.Warning);

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
    public static RuleInfo SecretsBaselineInvalid { get; } = new(DiagnosticIds.SecretsBaselineInvalid, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo SecretScanSkipped { get; } = new(DiagnosticIds.SecretScanSkipped, RuleCategory.Configuration, Severity.Warning);

    public static RuleInfo BaseImageLockInvalid { get; } = new(DiagnosticIds.BaseImageLockInvalid, RuleCategory.Configuration, Severity.Error);

    public static RuleInfo BaseImageLockNotWritten { get; } = new(DiagnosticIds.BaseImageLockNotWritten, RuleCategory.Configuration, Severity.Warning);

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

    public static RuleInfo DaemonWithoutTls { get; } = new(DiagnosticIds.DaemonWithoutTls, RuleCategory.SupplyChain, Severity.Warning, "CIS Docker 2.6");

    public static RuleInfo PlainHttpLocalRegistry { get; } = new(DiagnosticIds.PlainHttpLocalRegistry, RuleCategory.SupplyChain, Severity.Info);
    public static RuleInfo PortNotAllowed { get; } = new(DiagnosticIds.PortNotAllowed, RuleCategory.ImageConfig, Severity.Error);

    public static RuleInfo UnknownImageUser { get; } = new(DiagnosticIds.UnknownImageUser, RuleCategory.ImageConfig, Severity.Error, "Kubernetes Pod Security restricted: runAsNonRoot");

    public static RuleInfo CredentialEnvironmentVariable { get; } = new(DiagnosticIds.CredentialEnvironmentVariable, RuleCategory.ImageConfig, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo EntrypointNotExecutable { get; } = new(DiagnosticIds.EntrypointNotExecutable, RuleCategory.ImageConfig, Severity.Error);

    public static RuleInfo WorkingDirectoryMissing { get; } = new(DiagnosticIds.WorkingDirectoryMissing, RuleCategory.ImageConfig, Severity.Warning);

    public static RuleInfo ImageLabelsMissing { get; } = new(DiagnosticIds.ImageLabelsMissing, RuleCategory.ImageConfig, Severity.Info);

    public static RuleInfo ImageTooLarge { get; } = new(DiagnosticIds.ImageTooLarge, RuleCategory.ImageConfig, Severity.Warning);

    public static RuleInfo TooManyLayers { get; } = new(DiagnosticIds.TooManyLayers, RuleCategory.ImageConfig, Severity.Warning);

    public static RuleInfo SetUidFile { get; } = new(DiagnosticIds.SetUidFile, RuleCategory.ImageFilesystem, Severity.Error, "CIS Docker 4.8");

    public static RuleInfo WorldWritable { get; } = new(DiagnosticIds.WorldWritable, RuleCategory.ImageFilesystem, Severity.Error, "CIS Docker 4.8");

    public static RuleInfo FileCapabilities { get; } = new(DiagnosticIds.FileCapabilities, RuleCategory.ImageFilesystem, Severity.Error, "CIS Docker 5.3");

    public static RuleInfo AppFilesWritable { get; } = new(DiagnosticIds.AppFilesWritable, RuleCategory.ImageFilesystem, Severity.Error, "CIS Docker 5.12");

    public static RuleInfo NeedlessExecBit { get; } = new(DiagnosticIds.NeedlessExecBit, RuleCategory.ImageFilesystem, Severity.Warning);

    public static RuleInfo ShellOrPackageManager { get; } = new(DiagnosticIds.ShellOrPackageManager, RuleCategory.ImageFilesystem, Severity.Warning, "CIS Docker 4.3");

    public static RuleInfo UnwantedFile { get; } = new(DiagnosticIds.UnwantedFile, RuleCategory.ImageFilesystem, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo HiddenUnwantedFile { get; } = new(DiagnosticIds.HiddenUnwantedFile, RuleCategory.ImageFilesystem, Severity.Error, "CIS Docker 4.10");

    public static RuleInfo DeviceNodeOutsideDev { get; } = new(DiagnosticIds.DeviceNodeOutsideDev, RuleCategory.ImageFilesystem, Severity.Error);

    public static RuleInfo BaseImageNotPinned { get; } = new(DiagnosticIds.BaseImageNotPinned, RuleCategory.SupplyChain, Severity.Warning, "CIS Docker 4.2");

    public static RuleInfo BaseRegistryNotAllowed { get; } = new(DiagnosticIds.BaseRegistryNotAllowed, RuleCategory.SupplyChain, Severity.Error, "CIS Docker 4.2");

    public static RuleInfo BaseImageTooOld { get; } = new(DiagnosticIds.BaseImageTooOld, RuleCategory.SupplyChain, Severity.Warning);

    public static RuleInfo IcuMissing { get; } = new(DiagnosticIds.IcuMissing, RuleCategory.RuntimeCompatibility, Severity.Error);

    public static RuleInfo InvariantGlobalizationForced { get; } = new(DiagnosticIds.InvariantGlobalizationForced, RuleCategory.RuntimeCompatibility, Severity.Warning);

    public static RuleInfo TimeZoneDataMissing { get; } = new(DiagnosticIds.TimeZoneDataMissing, RuleCategory.RuntimeCompatibility, Severity.Warning);

    public static RuleInfo SharedRuntimeMissing { get; } = new(DiagnosticIds.SharedRuntimeMissing, RuleCategory.RuntimeCompatibility, Severity.Error);

    public static RuleInfo ArchitectureMismatch { get; } = new(DiagnosticIds.ArchitectureMismatch, RuleCategory.RuntimeCompatibility, Severity.Error);

    public static RuleInfo LibcMismatch { get; } = new(DiagnosticIds.LibcMismatch, RuleCategory.RuntimeCompatibility, Severity.Error);

    public static RuleInfo OpenSslMissing { get; } = new(DiagnosticIds.OpenSslMissing, RuleCategory.RuntimeCompatibility, Severity.Warning);
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
        ReportNotWritten,
        NormalizationFailed,
        DeliveryFailed,
        MultiPlatformNotGated,
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
        DaemonWithoutTls,
        PlainHttpLocalRegistry,
        PortNotAllowed,
        UnknownImageUser,
        CredentialEnvironmentVariable,
        EntrypointNotExecutable,
        WorkingDirectoryMissing,
        ImageLabelsMissing,
        ImageTooLarge,
        TooManyLayers,
        SetUidFile,
        WorldWritable,
        FileCapabilities,
        AppFilesWritable,
        NeedlessExecBit,
        ShellOrPackageManager,
        UnwantedFile,
        HiddenUnwantedFile,
        DeviceNodeOutsideDev,
        BaseImageNotPinned,
        BaseRegistryNotAllowed,
        BaseImageTooOld,
        IcuMissing,
        InvariantGlobalizationForced,
        TimeZoneDataMissing,
        SharedRuntimeMissing,
        ArchitectureMismatch,
        LibcMismatch,
        OpenSslMissing,
        SecretsBaselineInvalid,
        SecretScanSkipped,
        BaseImageLockInvalid,
        BaseImageLockNotWritten,
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
