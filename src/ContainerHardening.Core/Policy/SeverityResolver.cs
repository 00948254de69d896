using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>How findings count: <see cref="Audit"/> reports errors as warnings so nothing fails; <see cref="Off"/> reports nothing.</summary>
public enum EnforcementMode
{
    Enforce,
    Audit,
    Off,
}

/// <summary>Everything that decides the severity of a finding. Ids in the maps are rule ids such as CH1002.</summary>
public sealed record SeveritySettings
{
    private static readonly Dictionary<string, Severity> NoSeverities = [];

    /// <summary>The organisation's defaults, from items in a shared Directory.Build.props.</summary>
    public IReadOnlyDictionary<string, Severity> OrgDefaults { get; init; } = NoSeverities;

    /// <summary>The <c>rules:</c> section of the nearest policy file.</summary>
    public IReadOnlyDictionary<string, Severity> PolicyFile { get; init; } = NoSeverities;

    /// <summary>The project's own items, which win over everything else.</summary>
    public IReadOnlyDictionary<string, Severity> ProjectOverrides { get; init; } = NoSeverities;

    public EnforcementMode Mode { get; init; }

    public bool TreatWarningsAsErrors { get; init; }

    /// <summary>Ids as MSBuild gives them: entries may hold several ids separated by ',' or ';', and other tools' ids.</summary>
    public IEnumerable<string> WarningsAsErrors { get; init; } = [];

    /// <inheritdoc cref="WarningsAsErrors"/>
    public IEnumerable<string> NoWarn { get; init; } = [];
}

/// <summary>
/// Decides the severity a finding is reported with. The steps, in order (docs/policy.md explains them):
/// 1. the first that names the rule of: project override, policy file, org default, else the finding's own severity;
/// 2. the mode: audit turns errors into warnings, off turns everything off;
/// 3. NoWarn removes warnings and infos (never errors, as in the compiler); then, except in audit mode,
///    WarningsAsErrors and TreatWarningsAsErrors turn warnings into errors.
/// </summary>
public sealed class SeverityResolver
{
    private static readonly char[] IdSeparators = [';', ',', ' ', '\t', '\r', '\n'];

    private readonly SeveritySettings settings;
    private readonly HashSet<string> noWarn;
    private readonly HashSet<string> warningsAsErrors;

    public SeverityResolver(SeveritySettings settings)
    {
        this.settings = settings;
        noWarn = IdSet(settings.NoWarn);
        warningsAsErrors = IdSet(settings.WarningsAsErrors);
    }

    public Severity Resolve(Finding finding)
    {
        string id = finding.Rule.Id;
        Severity severity =
            settings.ProjectOverrides.TryGetValue(id, out Severity project) ? project
            : settings.PolicyFile.TryGetValue(id, out Severity policy) ? policy
            : settings.OrgDefaults.TryGetValue(id, out Severity org) ? org
            : finding.Severity;

        severity = settings.Mode switch
        {
            EnforcementMode.Off => Severity.None,
            EnforcementMode.Audit when severity == Severity.Error => Severity.Warning,
            _ => severity,
        };

        if (severity is Severity.Warning or Severity.Info && noWarn.Contains(id))
        {
            return Severity.None;
        }

        // Audit promises a build that does not fail, and many CI setups set TreatWarningsAsErrors for the compiler:
        // promoting here would turn audit back into enforce.
        bool promote = settings.Mode != EnforcementMode.Audit && (settings.TreatWarningsAsErrors || warningsAsErrors.Contains(id));
        return severity == Severity.Warning && promote ? Severity.Error : severity;
    }

    /// <summary>The findings with their resolved severity; those resolved to <see cref="Severity.None"/> are left out.</summary>
    public IReadOnlyList<Finding> Apply(IEnumerable<Finding> findings) =>
        findings
            .Select(finding => finding with { Severity = Resolve(finding) })
            .Where(finding => finding.Severity != Severity.None)
            .ToList();

    private static HashSet<string> IdSet(IEnumerable<string> entries) =>
        entries
            .SelectMany(entry => entry.Split(IdSeparators, StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
