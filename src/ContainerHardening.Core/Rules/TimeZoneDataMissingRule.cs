using ContainerHardening.Diagnostics;
using ContainerHardening.TimeZones;

namespace ContainerHardening.Rules;

/// <summary>
/// CH5003: the image has no zone files (nothing under /usr/share/zoneinfo, or under TZDIR when the image sets it), and
/// the app's code looks time zones up by id (TimeZoneNotFoundException at run time) or the image sets TZ to a zone
/// (local time silently becomes UTC). The code case wins when both hold: it is the one that crashes.
/// </summary>
internal sealed class TimeZoneDataMissingRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.TimeZoneDataMissing;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        IReadOnlyDictionary<string, string> environment = facts.Environment;
        string zoneDirectory = TimeZoneVariable.ZoneDirectory(environment.GetValueOrDefault(TimeZoneVariable.DirectoryName));
        TimeZoneLookup? lookup = facts.App.TimeZoneLookup;
        string? zone = environment.GetValueOrDefault(TimeZoneVariable.Name);
        bool zoneNeedsData = TimeZoneVariable.NeedsZoneData(zone, zoneDirectory);

        // The filesystem is searched only when something needs zone files: that search is the costly part.
        if ((lookup is null && !zoneNeedsData) || facts.HasAnythingUnder(zoneDirectory))
        {
            yield break;
        }

        yield return lookup is not null
            ? Finding.Create(Info, lookup.Assembly, lookup.Api, zoneDirectory).About(zoneDirectory)
            : Finding.CreateVariant(Info, "Environment", zone, zoneDirectory).About(zoneDirectory);
    }
}
