using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH5003: the build says the app looks up time zones, and the image has nothing under /usr/share/zoneinfo.</summary>
internal sealed class TimeZoneDataMissingRule : IImageRule
{
    private const string ZoneInfo = "/usr/share/zoneinfo";

    public RuleInfo Info => RuleCatalog.TimeZoneDataMissing;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (facts.App.UsesTimeZones && !facts.HasAnythingUnder(ZoneInfo))
        {
            yield return Finding.Create(Info).About(ZoneInfo);
        }
    }
}
