using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1010: the layers' blob sizes add up to more than options.maxImageSizeMb (500 MB when the policy does not say).</summary>
internal sealed class ImageTooLargeRule : IImageRule
{
    public const int DefaultMaxImageSizeMb = 500;

    private const long BytesPerMb = 1024 * 1024;

    public RuleInfo Info => RuleCatalog.ImageTooLarge;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        int budget = facts.Policy.MaxImageSizeMb ?? DefaultMaxImageSizeMb;
        long bytes = facts.Layers.Sum(layer => layer.Size);
        if (bytes > budget * BytesPerMb)
        {
            yield return Finding.Create(Info, Math.Ceiling(bytes / (double)BytesPerMb), budget).About(facts.ImageName);
        }
    }
}
