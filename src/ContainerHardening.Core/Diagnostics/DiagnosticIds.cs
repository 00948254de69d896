namespace ContainerHardening.Diagnostics;

/// <summary>
/// Every diagnostic id the package reports. Ids are stable: never renumber or reuse one.
/// Ranges by area: CH0xxx configuration of the package itself, CH1xxx image config, CH2xxx image filesystem,
/// CH3xxx secrets, CH4xxx base image and supply chain, CH5xxx runtime compatibility, CH6xxx SBOM,
/// CH7xxx Dockerfile, CH8xxx source analyzer.
/// </summary>
public static class DiagnosticIds
{
    public const string InvalidSourceDateEpoch = "CH0001";
    public const string StagingFailed = "CH0002";

    // CH0010-CH0019: the policy file (container-hardening.yml) and severity settings.
    public const string PolicyFileNotFound = "CH0010";
    public const string PolicyFileUnreadable = "CH0011";
    public const string PolicyNotYaml = "CH0012";
    public const string PolicyTabIndentation = "CH0013";
    public const string PolicyDuplicateKey = "CH0014";
    public const string PolicyUnknownKey = "CH0015";
    public const string PolicyInvalidValue = "CH0016";
    public const string PolicyUnknownRule = "CH0017";
    public const string PolicyMissingKey = "CH0018";
    public const string SuppressionExpired = "CH0019";

    // CH0030-CH0032: the secret scanner's own inputs (baseline file, files it could not scan).
    public const string SecretsBaselineInvalid = "CH0030";
    public const string SecretScanSkipped = "CH0032";
    public const string RunsAsRoot = "CH1001";
    public const string PrivilegedPort = "CH1002";
    public const string NonNumericUser = "CH1003";

    // CH3001-CH3012: secrets found in the image (one id per detector family; the detector id travels in the message).
    public const string PrivateKey = "CH3001";
    public const string Pkcs12File = "CH3002";
    public const string CloudCredential = "CH3003";
    public const string ServiceToken = "CH3004";
    public const string ConnectionStringPassword = "CH3005";
    public const string JsonWebToken = "CH3006";
    public const string ConfigurationSecret = "CH3007";
    public const string CredentialFile = "CH3008";
}
