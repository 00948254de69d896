using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH5005: the app's RID is for another CPU architecture than the image config's "architecture".</summary>
internal sealed class ArchitectureMismatchRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.ArchitectureMismatch;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (RuntimeFacts.ParseRid(facts.App.RuntimeIdentifier) is (string architecture, _)
            && !string.Equals(architecture, facts.Config.Architecture, StringComparison.Ordinal))
        {
            yield return Finding.Create(Info, facts.App.RuntimeIdentifier, facts.Config.Architecture, architecture).About(facts.App.RuntimeIdentifier!);
        }
    }
}
