using System.Globalization;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;

namespace ContainerHardening.Rules;

/// <summary>
/// CH4003: the base image was built longer ago than options.maxBaseAgeDays (90 when the policy does not say). The build
/// time is <see cref="ImageFacts.BaseCreated"/>, else the history step that added the last base layer.
/// </summary>
internal sealed class BaseImageTooOldRule : IImageRule
{
    public const int DefaultMaxBaseAgeDays = 90;

    public RuleInfo Info => RuleCatalog.BaseImageTooOld;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (facts.BaseLayerCount == 0 || (facts.BaseCreated ?? FromHistory(facts)) is not DateTimeOffset created)
        {
            yield break;
        }

        int limit = facts.Policy.MaxBaseAgeDays ?? DefaultMaxBaseAgeDays;
        int age = (int)(facts.Now - created).TotalDays;
        if (age > limit)
        {
            string name = facts.BaseImage?.ToString() ?? facts.Layers[facts.BaseLayerCount - 1].Digest;
            yield return Finding.Create(Info, name, created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), age, limit).About(name);
        }
    }

    private static DateTimeOffset? FromHistory(ImageFacts facts) =>
        (facts.Config.History ?? []).Where(step => !step.EmptyLayer).Skip(facts.BaseLayerCount - 1).FirstOrDefault()?.Created;
}
