using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH5001: the app needs ICU, the image has no libicuuc.so*, and the environment does not switch to invariant mode.</summary>
internal sealed class IcuMissingRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.IcuMissing;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (!facts.App.InvariantGlobalization && !RuntimeFacts.EnvironmentForcesInvariant(facts, out _) && !facts.HasFileNamed("libicuuc.so"))
        {
            yield return Finding.Create(Info).About("libicuuc.so");
        }
    }
}
