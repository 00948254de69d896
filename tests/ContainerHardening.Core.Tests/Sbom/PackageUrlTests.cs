using ContainerHardening.Sbom;

namespace ContainerHardening.Tests.Sbom;

public class PackageUrlTests
{
    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3")]
    [InlineData("My.Package", "1.0.0-beta.1+sha.5114f85", "pkg:nuget/My.Package@1.0.0-beta.1%2Bsha.5114f85")]
    [InlineData("Odd Name/With@Chars", "1.0", "pkg:nuget/Odd%20Name%2FWith%40Chars@1.0")]
    [InlineData("Ünïcode", "1.0~rc1", "pkg:nuget/%C3%9Cn%C3%AFcode@1.0~rc1")]
    public void NuGet_purls_keep_case_and_percent_encode_the_rest(string id, string version, string expected)
    {
        Assert.Equal(expected, PackageUrl.NuGet(id, version));
    }

    [Fact]
    public void Deb_purls_use_the_os_release_id_and_version_and_keep_the_epoch_colon()
    {
        Assert.Equal("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12", PackageUrl.Deb(new OsRelease("debian", "12", null), "libc6", "2.36-9+deb12u10", "amd64"));
        Assert.Equal("pkg:deb/ubuntu/libssl3t64@3.0.13-0ubuntu3.5?arch=amd64&distro=ubuntu-24.04", PackageUrl.Deb(new OsRelease("ubuntu", "24.04", null), "libssl3t64", "3.0.13-0ubuntu3.5", "amd64"));
        Assert.Equal("pkg:deb/debian/tzdata@1:2025b-0?arch=all", PackageUrl.Deb(null, "tzdata", "1:2025b-0", "all"));
    }

    [Fact]
    public void Apk_generic_and_oci_purls()
    {
        Assert.Equal("pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3", PackageUrl.Apk(new OsRelease("alpine", "3.20.3", null), "musl", "1.2.5-r0", "x86_64"));
        Assert.Equal("pkg:generic/dotnet/Microsoft.NETCore.App@10.0.12", PackageUrl.DotNetFramework("Microsoft.NETCore.App", "10.0.12"));
        Assert.Equal("pkg:oci/aspnet@sha256:ab?repository_url=mcr.microsoft.com/dotnet/aspnet", PackageUrl.Oci("mcr.microsoft.com/dotnet/aspnet:10.0", "sha256:ab"));
        Assert.Equal("pkg:oci/app?repository_url=localhost:5000/app&tag=v1", PackageUrl.Oci("localhost:5000/App", null, "v1"));
    }

    [Fact]
    public void Qualifiers_are_sorted_lower_cased_and_empty_ones_dropped()
    {
        Assert.Equal("pkg:generic/ns/x@1?a=1&b=x%26y%3Dz", PackageUrl.Create("GENERIC", "ns", "x", "1", [new("B", "x&y=z"), new("a", "1"), new("c", "")]));
    }
}
