using ContainerHardening.TimeZones;

namespace ContainerHardening.Defaults;

/// <summary>
/// What the project says about itself and its container, as MSBuild left it before the SDK computes the base image.
/// Empty strings mean "the user did not set it".
/// </summary>
public sealed record ContainerProjectFacts
{
    public string ContainerFamily { get; init; } = "";
    public string ContainerBaseImage { get; init; } = "";
    public string ContainerUser { get; init; } = "";
    public IReadOnlyList<ContainerPort> ContainerPorts { get; init; } = [];
    public IReadOnlyCollection<string> ContainerLabelNames { get; init; } = [];

    /// <summary>The project's InvariantGlobalization property.</summary>
    public string InvariantGlobalization { get; init; } = "";

    /// <summary>The System.Globalization.Invariant runtime host option, which wins over the property when present.</summary>
    public string RuntimeInvariantGlobalizationOption { get; init; } = "";

    /// <summary>Where the app's own code looks up time zones by id; null when it does not (or is not compiled yet).</summary>
    public TimeZoneLookup? TimeZoneLookup { get; init; }

    /// <summary>The TZ value the project sets for the container (a ContainerEnvironmentVariable); "" when unset.</summary>
    public string EnvironmentTimeZone { get; init; } = "";

    public bool IsWebProject { get; init; }
    public bool IsSelfContained { get; init; }
    public bool IsAotPublished { get; init; }
    public bool IsTrimmed { get; init; }

    public string RepositoryUrl { get; init; } = "";
    public string SourceRevisionId { get; init; } = "";
    public string SourceDateEpoch { get; init; } = "";

    /// <summary>With PublishRepositoryUrl=true the SDK adds the source and revision labels itself.</summary>
    public bool PublishRepositoryUrl { get; init; }

    /// <summary>The SDK's ContainerGenerateLabels switches; "false" turns a label off and we respect it.</summary>
    public string GenerateLabels { get; init; } = "";
    public string GenerateSourceLabel { get; init; } = "";
    public string GenerateRevisionLabel { get; init; } = "";
    public string GenerateCreatedLabel { get; init; } = "";
}
