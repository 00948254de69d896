using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>What one container-hardening.yml says. An empty policy changes nothing.</summary>
/// <param name="File">The policy file's full path; null for the empty policy used when there is no file.</param>
/// <param name="RuleSeverities">Severity per rule id, from the file's <c>rules:</c> section.</param>
public sealed record ContainerPolicy(
    string? File,
    IReadOnlyDictionary<string, Severity> RuleSeverities,
    PolicyOptions Options,
    IReadOnlyList<Suppression> Suppressions)
{
    public static ContainerPolicy Empty { get; } = new(null, new Dictionary<string, Severity>(), PolicyOptions.None, []);
}

/// <summary>Typed rule options from the <c>options:</c> section. Null means "not set": the rule's own default applies.</summary>
public sealed record PolicyOptions(
    IReadOnlyList<string>? AllowedBaseRegistries = null,
    int? MaxImageSizeMb = null,
    IReadOnlyList<int>? AllowedPorts = null,
    int? MaxBaseAgeDays = null,
    IReadOnlyList<string>? AllowInsecureRegistries = null)
{
    public static PolicyOptions None { get; } = new();
}

/// <summary>
/// One entry of <c>suppressions:</c>. It silences findings of <paramref name="RuleId"/> whose subject matches the
/// <paramref name="Path"/> glob and whose subject or message contains <paramref name="Match"/>; an absent condition
/// matches everything.
/// </summary>
/// <param name="Expires">The last day the suppression applies; null when it does not expire.</param>
/// <param name="Line">Where the entry starts in the policy file, for the expiry warning.</param>
public sealed record Suppression(string RuleId, string? Path, string? Match, string Reason, DateOnly? Expires, int Line, int Column)
{
    public bool HasExpired(DateOnly today) => today > Expires;
}

/// <summary>The policy that could be read, and every problem met on the way (empty when the file is fine).</summary>
public sealed record PolicyLoadResult(ContainerPolicy Policy, IReadOnlyList<Finding> Findings);
