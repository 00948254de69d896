using ContainerHardening.Diagnostics;

namespace ContainerHardening.Reporting;

/// <summary>
/// Everything one image's reports say: which image, which rules ran, what they found after policy was applied, and
/// how long each phase took. Producers hand the findings over already redacted; the writers add nothing to them.
/// </summary>
/// <param name="ImageReference">The reference the image is published as, e.g. <c>localhost:5000/app:1</c>.</param>
/// <param name="ManifestDigest">The digest of the image manifest, e.g. <c>sha256:…</c>.</param>
/// <param name="ToolVersion">The version of ContainerHardening that produced the report.</param>
/// <param name="RepositoryRoot">The absolute folder that file paths in the reports are made relative to.</param>
/// <param name="Rules">The rules that ran, from <see cref="RuleCatalog"/>.</param>
/// <param name="Findings">The findings kept, each at its effective severity.</param>
/// <param name="Suppressed">The findings a policy suppressed.</param>
/// <param name="Timings">Milliseconds spent in each phase, by phase name.</param>
public sealed record HardeningReport(
    string ImageReference,
    string ManifestDigest,
    string ToolVersion,
    string RepositoryRoot,
    IReadOnlyList<RuleInfo> Rules,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyDictionary<string, long> Timings)
{
    /// <summary>The tool name both report formats give.</summary>
    public const string ToolName = "ContainerHardening";

    /// <summary>
    /// The rules that ran plus any rule a finding names, once each, by id: a result must be able to point at its rule
    /// even when a producer forgot to list it.
    /// </summary>
    internal IReadOnlyList<RuleInfo> SortedRules() =>
        Rules.Concat(Findings.Select(f => f.Rule)).Concat(Suppressed.Select(s => s.Finding.Rule))
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToArray();

    internal IEnumerable<Finding> SortedFindings() => Findings.Order(FindingOrder.Instance);

    internal IEnumerable<SuppressedFinding> SortedSuppressed() =>
        Suppressed.OrderBy(s => s.Finding, FindingOrder.Instance)
            .ThenBy(s => s.Source.File, StringComparer.Ordinal)
            .ThenBy(s => s.Source.Line);

    internal IEnumerable<KeyValuePair<string, long>> SortedTimings() => Timings.OrderBy(t => t.Key, StringComparer.Ordinal);

    /// <summary>Loudest first, then by where and what, so two runs over the same image write the same bytes.</summary>
    private sealed class FindingOrder : IComparer<Finding>
    {
        public static readonly FindingOrder Instance = new();

        public int Compare(Finding? x, Finding? y)
        {
            if (x is null || y is null)
            {
                return (x is null).CompareTo(y is null);
            }

            int result = y.Severity.CompareTo(x.Severity);
            result = result != 0 ? result : string.CompareOrdinal(x.Rule.Id, y.Rule.Id);
            result = result != 0 ? result : string.CompareOrdinal(x.File, y.File);
            result = result != 0 ? result : x.Line.CompareTo(y.Line);
            result = result != 0 ? result : x.Column.CompareTo(y.Column);
            result = result != 0 ? result : string.CompareOrdinal(x.Subject, y.Subject);
            return result != 0 ? result : string.CompareOrdinal(x.Message, y.Message);
        }
    }
}

/// <summary>A finding a policy suppressed, why, and which policy line did it.</summary>
public sealed record SuppressedFinding(Finding Finding, string Justification, SuppressionSource Source);

/// <summary>Where a suppression was written: the policy file and the 1-based line of the entry.</summary>
public sealed record SuppressionSource(string File, int Line);
