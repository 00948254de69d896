using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>Every image rule, and the one call that runs them all.</summary>
public static class ImageRules
{
    public static IReadOnlyList<IImageRule> All { get; } =
    [
        new ImageRunsAsRootRule(),
        new ImagePrivilegedPortRule(),
        new ImageNonNumericUserRule(),
        new PortNotAllowedRule(),
        new UnknownImageUserRule(),
        new CredentialEnvironmentVariableRule(),
        new EntrypointNotExecutableRule(),
        new WorkingDirectoryMissingRule(),
        new ImageLabelsMissingRule(),
        new ImageTooLargeRule(),
        new TooManyLayersRule(),
        new SetUidFileRule(),
        new WorldWritableRule(),
        new FileCapabilitiesRule(),
        new AppFilesWritableRule(),
        new NeedlessExecBitRule(),
        new ShellOrPackageManagerRule(),
        new UnwantedFileRule(),
        new HiddenUnwantedFileRule(),
        new DeviceNodeOutsideDevRule(),
        new BaseImageNotPinnedRule(),
        new BaseRegistryNotAllowedRule(),
        new BaseImageTooOldRule(),
        new IcuMissingRule(),
        new InvariantGlobalizationForcedRule(),
        new TimeZoneDataMissingRule(),
        new SharedRuntimeMissingRule(),
        new ArchitectureMismatchRule(),
        new LibcMismatchRule(),
        new OpenSslMissingRule(),
    ];

    /// <summary>
    /// Runs every rule that applies to the image's OS (see <see cref="IImageRule.LinuxOnly"/>); findings come rule by
    /// rule in <see cref="All"/>'s order.
    /// </summary>
    public static IReadOnlyList<Finding> Check(ImageFacts facts) =>
        All.Where(rule => facts.IsLinux || !rule.LinuxOnly).SelectMany(rule => rule.Check(facts)).ToArray();
}
