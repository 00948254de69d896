using ContainerHardening.Sbom;

namespace ContainerHardening.Tests.Sbom;

public class OsReleaseTests
{
    [Fact]
    public void Reads_quoted_and_unquoted_values()
    {
        OsRelease os = OsRelease.Parse("PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID='24.04'\nID=ubuntu\nID_LIKE=debian\n# comment\n")!;
        Assert.Equal(new OsRelease("ubuntu", "24.04", "Ubuntu 24.04.1 LTS"), os);
        Assert.Equal("ubuntu-24.04", os.Distro);
    }

    [Fact]
    public void Without_an_id_there_is_nothing_to_report()
    {
        Assert.Null(OsRelease.Parse("NAME=Something\n\u0000garbage"));
        Assert.Equal("debian", OsRelease.Parse("ID=debian\r\n")!.Distro);
    }
}
