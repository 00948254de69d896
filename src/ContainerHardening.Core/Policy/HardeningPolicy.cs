using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>What the policy made of a batch of findings.</summary>
/// <param name="Reported">The findings to report, each at its effective severity; switched-off ones are gone.</param>
/// <param name="Suppressed">The findings a suppression silenced.</param>
public sealed record PolicyOutcome(IReadOnlyList<Finding> Reported, IReadOnlyList<SuppressedFinding> Suppressed);

/// <summary>
/// The policy in force for one project: the nearest (or named) policy file, the MSBuild severity settings and the
/// mode, combined in the order docs/policy.md documents. Every check reports through <see cref="Apply"/>.
/// </summary>
public sealed class HardeningPolicy
{
    private const string RuleItemName = "ContainerHardeningRule";
    private const string SeverityPropertyName = "ContainerHardeningRuleSeverity";
    private const string ModePropertyName = "ContainerHardeningMode";
    private static readonly char[] OverrideSeparators = [';', ','];

    private readonly ContainerPolicy _file;
    private readonly SeverityResolver _resolver;
    private readonly DateOnly _today;

    private HardeningPolicy(ContainerPolicy file, SeverityResolver resolver, DateOnly today, IReadOnlyList<Finding> problems)
    {
        _file = file;
        _resolver = resolver;
        _today = today;
        Problems = problems;
    }

    /// <summary>The policy file in force, or null when there is none.</summary>
    public string? PolicyFile => _file.File;

    /// <summary>Typed rule options from the policy file.</summary>
    public PolicyOptions Options => _file.Options;

    /// <summary>
    /// What is wrong with the policy inputs themselves (CH0010–CH0018) and expired suppressions (CH0019), unresolved:
    /// report them through
    /// <see cref="Apply"/> once per build, so that audit mode and NoWarn treat them like any other finding.
    /// </summary>
    public IReadOnlyList<Finding> Problems { get; }

    public static HardeningPolicy Load(PolicyInputs inputs)
    {
        var problems = new List<Finding>();
        PolicyFileLocation location = PolicyFileLocator.Find(inputs.ProjectDirectory, inputs.PolicyFile);
        if (location.Problem is not null)
        {
            problems.Add(location.Problem);
        }

        ContainerPolicy file = ContainerPolicy.Empty;
        if (location.Path is not null)
        {
            PolicyLoadResult loaded = PolicyLoader.Load(location.Path);
            file = loaded.Policy;
            problems.AddRange(loaded.Findings);
        }

        IEnumerable<SeverityEntry> overrides = inputs.SeverityOverrides
            .Split(OverrideSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => new SeverityEntry(parts[0], parts.Length == 2 ? parts[1] : ""));

        var settings = new SeveritySettings
        {
            OrgDefaults = SeverityInputs.ReadSeverities(inputs.OrgSeverities, RuleItemName, problems),
            PolicyFile = file.RuleSeverities,
            // The property comes after the items so that a command-line /p: wins over the project file.
            ProjectOverrides = SeverityInputs.ReadSeverities(
                [.. inputs.ProjectSeverities, .. overrides], RuleItemName + " / " + SeverityPropertyName, problems),
            Mode = SeverityInputs.ReadMode(inputs.Mode, ModePropertyName, problems),
            TreatWarningsAsErrors = inputs.TreatWarningsAsErrors,
            WarningsAsErrors = [inputs.WarningsAsErrors],
            NoWarn = [inputs.NoWarn],
        };

        problems.AddRange(SuppressionMatcher.Expired(file, inputs.Today));
        return new HardeningPolicy(file, new SeverityResolver(settings), inputs.Today, problems);
    }

    /// <summary>Suppressions first (they name findings as the checks produced them), then severities.</summary>
    public PolicyOutcome Apply(IEnumerable<Finding> findings)
    {
        SuppressionResult suppression = SuppressionMatcher.Apply(findings, _file, _today);
        return new PolicyOutcome(_resolver.Apply(suppression.Kept), suppression.Suppressed);
    }
}
