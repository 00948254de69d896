using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH4001: the base image is referenced by tag only, so the next build may get different content.</summary>
internal sealed class BaseImageNotPinnedRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.BaseImageNotPinned;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (facts.BaseImage is { Digest: null } reference)
        {
            yield return Finding.Create(Info, reference.ToString()).About(reference.ToString());
        }
    }
}
