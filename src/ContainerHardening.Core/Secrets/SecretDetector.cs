using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets;

/// <summary>
/// One kind of secret. The engine calls <see cref="Inspect"/> only where one of <see cref="Keywords"/> occurs, so a
/// detector never runs its pattern over the whole input. A detector hands what it matched to
/// <see cref="TextScanContext.Report"/>, which keeps only a fingerprint: the value never leaves the detector otherwise.
/// </summary>
internal abstract class SecretDetector(string id, RuleInfo rule, int priority, params string[] keywords)
{
    /// <summary>The stable detector id shown in messages and matched by baseline entries, e.g. <c>github-token</c>.</summary>
    public string Id { get; } = id;

    public RuleInfo Rule { get; } = rule;

    /// <summary>When two findings cover the same characters, the one of higher priority (the more specific detector) wins.</summary>
    public int Priority { get; } = priority;

    /// <summary>ASCII keywords, case-insensitive, that must occur in or next to every secret this detector finds.</summary>
    public IReadOnlyList<string> Keywords { get; } = keywords;

    /// <summary>
    /// Looks for secrets around the keyword that starts at <paramref name="hit"/>. Returns the index up to which the text
    /// is examined, so the engine skips this detector's later hits inside the same window.
    /// </summary>
    public abstract int Inspect(TextScanContext context, int hit);

    /// <summary>Runs once per file after the keyword pass, for detectors that look at the file as a whole (its name).</summary>
    public virtual void InspectFile(TextScanContext context)
    {
    }
}
