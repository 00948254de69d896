using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH5002: the image's environment forces invariant globalization on an app that did not ask for it (Alpine images do).</summary>
internal sealed class InvariantGlobalizationForcedRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.InvariantGlobalizationForced;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (!facts.App.InvariantGlobalization && RuntimeFacts.EnvironmentForcesInvariant(facts, out string value))
        {
            yield return Finding.Create(Info, value).About(RuntimeFacts.InvariantVariable);
        }
    }
}
