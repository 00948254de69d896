using ContainerHardening.TimeZones;

namespace ContainerHardening.Tests.TimeZones;

public class TimeZoneVariableTests
{
    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData(":Europe/Berlin", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("Etc/GMT+1", true)]
    [InlineData("EST5EDT", true)]
    [InlineData("/usr/share/zoneinfo/Asia/Tokyo", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData(":", false)]
    [InlineData("UTC", false)]
    [InlineData("utc", false)]
    [InlineData("Etc/UTC", false)]
    [InlineData("Zulu", false)]
    [InlineData("/etc/localtime", false)]
    [InlineData("CET-1CEST,M3.5.0,M10.5.0/3", false)]
    public void A_TZ_needs_zone_files_only_when_it_names_a_zone_other_than_UTC(string? value, bool needed)
    {
        Assert.Equal(needed, TimeZoneVariable.NeedsZoneData(value));
    }

    [Fact]
    public void TZDIR_moves_the_zone_folder()
    {
        Assert.Equal("/usr/share/zoneinfo", TimeZoneVariable.ZoneDirectory(null));
        Assert.Equal("/usr/share/zoneinfo", TimeZoneVariable.ZoneDirectory(""));
        Assert.Equal("/app/zoneinfo", TimeZoneVariable.ZoneDirectory("/app/zoneinfo/"));
        Assert.True(TimeZoneVariable.NeedsZoneData("/app/zoneinfo/Europe/Berlin", "/app/zoneinfo"));
        Assert.False(TimeZoneVariable.NeedsZoneData("/usr/share/zoneinfo/Europe/Berlin", "/app/zoneinfo"));
    }
}
