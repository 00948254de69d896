using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1011: more layers than the budget (20; the .NET images have 3 to 6 plus the app's).</summary>
internal sealed class TooManyLayersRule : IImageRule
{
    public const int LayerBudget = 20;

    public RuleInfo Info => RuleCatalog.TooManyLayers;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (facts.Layers.Count > LayerBudget)
        {
            yield return Finding.Create(Info, facts.Layers.Count, LayerBudget).About(facts.ImageName);
        }
    }
}
