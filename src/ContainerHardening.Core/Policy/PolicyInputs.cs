namespace ContainerHardening.Policy;

/// <summary>
/// Everything MSBuild says about how findings count, still as MSBuild holds it. <see cref="HardeningPolicy.Load"/>
/// checks it; the task only copies values in.
/// </summary>
public sealed record PolicyInputs
{
    /// <summary>Where the search for the nearest policy file starts.</summary>
    public string ProjectDirectory { get; init; } = "";

    /// <summary>An explicitly named policy file (ContainerHardeningPolicyFile), or empty to search upwards.</summary>
    public string PolicyFile { get; init; } = "";

    /// <summary>enforce, audit or off (ContainerHardeningMode).</summary>
    public string Mode { get; init; } = "";

    /// <summary>ContainerHardeningRule items defined by the project itself: they win over the policy file.</summary>
    public IReadOnlyList<SeverityEntry> ProjectSeverities { get; init; } = [];

    /// <summary>ContainerHardeningRule items defined in imported files (Directory.Build.props): organisation defaults.</summary>
    public IReadOnlyList<SeverityEntry> OrgSeverities { get; init; } = [];

    /// <summary>
    /// The ContainerHardeningRuleSeverity property, e.g. <c>CH1002=error;CH1003=none</c> (',' works too, for /p:): a
    /// project-level override that a command line can give.
    /// </summary>
    public string SeverityOverrides { get; init; } = "";

    public bool TreatWarningsAsErrors { get; init; }

    public string WarningsAsErrors { get; init; } = "";

    public string NoWarn { get; init; } = "";

    /// <summary>The date suppression expiry is judged against.</summary>
    public DateOnly Today { get; init; }
}
