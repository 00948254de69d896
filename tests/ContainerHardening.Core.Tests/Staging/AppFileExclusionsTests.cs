using ContainerHardening.Staging;

namespace ContainerHardening.Tests.Staging;

public class AppFileExclusionsTests
{
    [Theory]
    [InlineData("container-hardening.secrets.baseline.json")]
    [InlineData("container-hardening.lock.json")]
    [InlineData("config/container-hardening.yml")]
    [InlineData("App.pdb")]
    [InlineData("runtimes/linux-x64/lib/net10.0/Some.pdb")]
    [InlineData("App.dbg")]
    [InlineData("appsettings.Development.json")]
    [InlineData("appsettings.development.json")]
    [InlineData("appsettings.Development.local.json")]
    [InlineData("Properties/launchSettings.json")]
    [InlineData("web.config")]
    [InlineData("secrets.json")]
    [InlineData(".env")]
    [InlineData(".env.production")]
    [InlineData("nuget.config")]
    [InlineData("NuGet.Config")]
    [InlineData("image.sbom.cdx.json")]
    [InlineData("out/image.sbom.spdx.json")]
    public void Files_a_container_must_not_ship_are_excluded(string path)
    {
        Assert.NotNull(AppFileExclusions.ReasonToExclude(path, keepDebugSymbols: false));
    }

    [Theory]
    [InlineData("App.dll")]
    [InlineData("App")]
    [InlineData("appsettings.json")]
    [InlineData("appsettings.Production.json")]
    [InlineData("wwwroot/web.config.txt")]
    [InlineData("config/web.config")]
    [InlineData("environment.json")]
    public void Files_the_app_needs_are_kept(string path)
    {
        Assert.Null(AppFileExclusions.ReasonToExclude(path, keepDebugSymbols: false));
    }

    [Fact]
    public void Symbols_are_kept_on_request()
    {
        Assert.Null(AppFileExclusions.ReasonToExclude("App.pdb", keepDebugSymbols: true));
        Assert.NotNull(AppFileExclusions.ReasonToExclude("appsettings.Development.json", keepDebugSymbols: true));
    }
}
