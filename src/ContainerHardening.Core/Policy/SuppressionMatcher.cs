using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>A finding a policy suppression silenced; <see cref="Suppression.Reason"/> is the justification to report.</summary>
public sealed record SuppressedFinding(Finding Finding, Suppression Suppression);

/// <param name="Kept">The findings to report: those no active suppression matched.</param>
public sealed record SuppressionResult(IReadOnlyList<Finding> Kept, IReadOnlyList<SuppressedFinding> Suppressed);

/// <summary>Applies a policy's suppressions to findings.</summary>
public static class SuppressionMatcher
{
    /// <param name="today">The date expiry is judged against; passed in so results do not depend on the clock.</param>
    public static SuppressionResult Apply(IEnumerable<Finding> findings, ContainerPolicy policy, DateOnly today)
    {
        Suppression[] active = policy.Suppressions.Where(s => !s.HasExpired(today)).ToArray();
        List<Finding> kept = [];
        List<SuppressedFinding> suppressed = [];
        foreach (Finding finding in findings)
        {
            if (active.FirstOrDefault(s => Matches(s, finding)) is { } suppression)
            {
                suppressed.Add(new(finding, suppression));
            }
            else
            {
                kept.Add(finding);
            }
        }

        return new(kept, suppressed);
    }

    /// <summary>
    /// One CH0019 per suppression past its date, at its line. Separate from <see cref="Apply"/>: a build applies the
    /// policy to several batches of findings but must say once that a suppression expired.
    /// </summary>
    public static IReadOnlyList<Finding> Expired(ContainerPolicy policy, DateOnly today) =>
        policy.Suppressions
            .Where(s => s.HasExpired(today))
            .Select(s => Finding.Create(RuleCatalog.SuppressionExpired, s.RuleId, policy.File, s.Line, s.Expires).At(policy.File, s.Line, s.Column))
            .ToList();

    /// <summary>
    /// A path condition needs a subject to match (a finding about no path is never "under /app/**"); the text
    /// condition looks in the subject and the message.
    /// </summary>
    public static bool Matches(Suppression suppression, Finding finding) =>
        string.Equals(suppression.RuleId, finding.Rule.Id, StringComparison.Ordinal)
        && (suppression.Path is null || (finding.Subject is not null && PathGlob.IsMatch(suppression.Path, finding.Subject)))
        && (suppression.Match is null
            || finding.Message.Contains(suppression.Match, StringComparison.Ordinal)
            || (finding.Subject?.Contains(suppression.Match, StringComparison.Ordinal) ?? false));
}
