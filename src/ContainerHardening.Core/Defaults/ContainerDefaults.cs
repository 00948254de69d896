using ContainerHardening.Diagnostics;

namespace ContainerHardening.Defaults;

/// <summary>
/// The hardened settings chosen for a project: only what the user left unset, each with the reason it was chosen,
/// plus findings about explicit settings that are not hardened.
/// </summary>
public sealed record ContainerDefaults
{
    public string? ContainerFamily { get; init; }
    public string? ContainerUser { get; init; }
    public IReadOnlyList<ContainerPort> PortsToAdd { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> LabelsToAdd { get; init; } = [];

    /// <summary>True when we set org.opencontainers.image.created ourselves and the SDK must not add "now".</summary>
    public bool SuppressSdkCreatedLabel { get; init; }

    public IReadOnlyList<DefaultsDecision> Decisions { get; init; } = [];
    public IReadOnlyList<Finding> Findings { get; init; } = [];
}
