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
    public const string ReportNotWritten = "CH0003";
    public const string NormalizationFailed = "CH0004";
    public const string DeliveryFailed = "CH0005";
    public const string MultiPlatformNotGated = "CH0006";

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

    // CH0020-CH0029: reading the image (archives, layouts, blobs, layers).
    public const string ImageArchiveCorrupt = "CH0020";
    public const string ImageBlobMissing = "CH0021";
    public const string ImageDigestMismatch = "CH0022";
    public const string ImageDiffIdMismatch = "CH0023";
    public const string ImagePathTraversal = "CH0024";
    public const string ImageFormatUnsupported = "CH0025";
    public const string ImageSizeOutOfRange = "CH0026";
    public const string ImageLayoutUnrecognized = "CH0027";
    public const string ImageManifestAmbiguous = "CH0028";
    public const string ImageMetadataInvalid = "CH0029";

    // CH0030-CH0032: the secret scanner's own inputs (baseline file, files it could not scan).
    public const string SecretsBaselineInvalid = "CH0030";
    public const string SecretScanSkipped = "CH0032";

    // CH0040-CH0049: the base image lock file (container-hardening.lock.json).
    public const string BaseImageLockInvalid = "CH0040";
    public const string BaseImageLockNotWritten = "CH0041";
    public const string RunsAsRoot = "CH1001";
    public const string PrivilegedPort = "CH1002";
    public const string NonNumericUser = "CH1003";

    // CH6001-CH6009: the SBOM (inventory readers and writers).
    public const string SbomPackageWithoutLicense = "CH6001";
    public const string SbomInputUnreadable = "CH6002";
    // CH4010-CH4014: talking to an OCI registry (pull, push, authentication, transport).
    public const string InsecureRegistry = "CH4010";
    public const string RegistryUnreachable = "CH4011";
    public const string RegistryAuthenticationFailed = "CH4012";
    public const string RegistryNotFound = "CH4013";
    public const string RegistryServerError = "CH4014";
    public const string DaemonWithoutTls = "CH4015";
    public const string PlainHttpLocalRegistry = "CH4016";
    public const string PortNotAllowed = "CH1004";
    public const string UnknownImageUser = "CH1005";
    public const string CredentialEnvironmentVariable = "CH1006";
    public const string EntrypointNotExecutable = "CH1007";
    public const string WorkingDirectoryMissing = "CH1008";
    public const string ImageLabelsMissing = "CH1009";
    public const string ImageTooLarge = "CH1010";
    public const string TooManyLayers = "CH1011";

    public const string SetUidFile = "CH2001";
    public const string WorldWritable = "CH2002";
    public const string FileCapabilities = "CH2003";
    public const string AppFilesWritable = "CH2004";
    public const string NeedlessExecBit = "CH2005";
    public const string ShellOrPackageManager = "CH2006";
    public const string UnwantedFile = "CH2007";
    public const string HiddenUnwantedFile = "CH2008";
    public const string DeviceNodeOutsideDev = "CH2009";

    public const string BaseImageNotPinned = "CH4001";
    public const string BaseRegistryNotAllowed = "CH4002";
    public const string BaseImageTooOld = "CH4003";

    public const string IcuMissing = "CH5001";
    public const string InvariantGlobalizationForced = "CH5002";
    public const string TimeZoneDataMissing = "CH5003";
    public const string SharedRuntimeMissing = "CH5004";
    public const string ArchitectureMismatch = "CH5005";
    public const string LibcMismatch = "CH5006";
    public const string OpenSslMissing = "CH5007";
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
