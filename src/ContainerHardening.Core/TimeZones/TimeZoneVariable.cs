namespace ContainerHardening.TimeZones;

/// <summary>
/// How the .NET runtime on Linux reads TZ and TZDIR for TimeZoneInfo.Local: TZ (one leading ':' dropped) is a zone id
/// under the zone directory, or an absolute file path; empty means UTC. When the file is not there, Local silently
/// becomes UTC: no exception, just the wrong local time.
/// </summary>
public static class TimeZoneVariable
{
    public const string Name = "TZ";

    /// <summary>The variable that moves the zone directory, as the runtime reads it.</summary>
    public const string DirectoryName = "TZDIR";

    /// <summary>Where the runtime looks for zone files when TZDIR is not set.</summary>
    public const string DefaultDirectory = "/usr/share/zoneinfo";

    /// <summary>The ids that mean UTC; the runtime ends up at UTC for them whether or not a zone file exists.</summary>
    private static readonly string[] UtcIds = ["UTC", "UCT", "Universal", "Zulu", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu"];

    /// <summary>The zone directory for an environment that sets TZDIR to <paramref name="tzdir"/> (null or empty: unset).</summary>
    public static string ZoneDirectory(string? tzdir) =>
        string.IsNullOrEmpty(tzdir) ? DefaultDirectory : tzdir.TrimEnd('/');

    /// <summary>
    /// True when TZ=<paramref name="value"/> names a zone whose file the runtime reads from <paramref name="zoneDirectory"/>:
    /// a zone id other than UTC ("Europe/Berlin"), or an absolute path inside that folder. Unset, empty, UTC, paths
    /// elsewhere and POSIX rules ("CET-1CEST,M3.5.0,M10.5.0/3", which .NET does not parse) need no tzdata: the result is
    /// the same without it.
    /// </summary>
    public static bool NeedsZoneData(string? value, string zoneDirectory = DefaultDirectory)
    {
        string zone = value is not null && value.StartsWith(':') ? value[1..] : value ?? "";
        if (zone.StartsWith('/'))
        {
            return zone.StartsWith(zoneDirectory + "/", StringComparison.Ordinal);
        }

        return zone.Length > 0
            && zone.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
            && !UtcIds.Contains(zone, StringComparer.OrdinalIgnoreCase);
    }
}
