using ContainerHardening.Diagnostics;
using ContainerHardening.Rules;

namespace ContainerHardening.Tests.Rules;

public sealed class RuntimeCompatibilityRulesTests : RuleFixture
{
    [Fact]
    public void An_app_that_needs_ICU_on_an_image_without_libicu_is_CH5001()
    {
        Finding finding = Assert.Single(AssertFired(Facts(without: "libicu"), DiagnosticIds.IcuMissing));

        Assert.Contains("Couldn't find a valid ICU package", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invariant_app_needs_no_ICU()
    {
        AssertFired(Facts(without: "libicu") with { App = WebApp with { InvariantGlobalization = true } });
    }

    [Fact]
    public void An_environment_that_forces_invariant_mode_avoids_the_crash_but_is_CH5002()
    {
        ImageFacts facts = Facts(config: c => WithEnv(c, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true"), without: "libicu");

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.InvariantGlobalizationForced));

        Assert.Equal("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", finding.Subject);
        AssertFired(facts with { App = WebApp with { InvariantGlobalization = true } });
    }

    [Fact]
    public void An_app_that_looks_up_time_zones_on_an_image_without_zoneinfo_is_CH5003_naming_the_assembly_and_the_call()
    {
        ImageFacts facts = Facts(without: "zoneinfo");

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.TimeZoneDataMissing));

        Assert.StartsWith("App.dll calls TimeZoneInfo.FindSystemTimeZoneById", finding.Message, StringComparison.Ordinal);
        Assert.Equal("/usr/share/zoneinfo", finding.Subject);
        AssertFired(facts with { App = WebApp with { TimeZoneLookup = null } });
        AssertFired(Facts() with { App = WebApp });
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData(":America/New_York")]
    [InlineData("/usr/share/zoneinfo/Asia/Tokyo")]
    public void A_TZ_that_names_a_zone_on_an_image_without_zoneinfo_is_CH5003_even_without_lookups(string zone)
    {
        ImageFacts facts = Facts(config: c => WithEnv(c, "TZ=" + zone), without: "zoneinfo") with { App = WebApp with { TimeZoneLookup = null } };

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.TimeZoneDataMissing));

        Assert.StartsWith($"The image sets TZ={zone} but has nothing under /usr/share/zoneinfo", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("")]
    [InlineData("CET-1CEST,M3.5.0,M10.5.0/3")]
    [InlineData("/etc/localtime")]
    public void A_TZ_that_ends_up_at_UTC_or_outside_the_zone_folder_needs_no_zoneinfo(string zone)
    {
        ImageFacts facts = Facts(config: c => WithEnv(c, "TZ=" + zone), without: "zoneinfo") with { App = WebApp with { TimeZoneLookup = null } };

        AssertFired(facts);
    }

    [Fact]
    public void TZDIR_moves_the_zone_folder_the_rule_looks_in()
    {
        ImageFacts shipsItsOwn = Facts(appLayer: l => l.File("app/zoneinfo/Europe/Berlin", "TZif2"), config: c => WithEnv(c, "TZDIR=/app/zoneinfo"), without: "zoneinfo");
        ImageFacts pointsNowhere = Facts(config: c => WithEnv(c, "TZDIR=/opt/zones/"));

        AssertFired(shipsItsOwn);
        Assert.Equal("/opt/zones", Assert.Single(AssertFired(pointsNowhere, DiagnosticIds.TimeZoneDataMissing)).Subject);
    }

    [Fact]
    public void A_framework_dependent_web_app_without_the_ASP_NET_Core_runtime_is_CH5004()
    {
        Finding finding = Assert.Single(AssertFired(Facts(without: "Microsoft.AspNetCore.App"), DiagnosticIds.SharedRuntimeMissing));

        Assert.Equal("Microsoft.AspNetCore.App", finding.Subject);
        AssertFired(Facts(without: "Microsoft.AspNetCore.App") with { App = WebApp with { UsesAspNetCore = false } });
    }

    [Fact]
    public void A_runtime_of_another_major_version_does_not_count()
    {
        IReadOnlyList<Finding> findings = AssertFired(Facts() with { App = WebApp with { TargetFrameworkVersion = "9.0" } }, DiagnosticIds.SharedRuntimeMissing);

        Assert.Equal(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"], findings.Select(f => f.Subject));
    }

    [Fact]
    public void A_self_contained_app_needs_no_shared_runtime_but_OpenSSL_CH5007()
    {
        AssertFired(Facts(without: "Microsoft.NETCore.App") with { App = WebApp with { SelfContained = true } });

        Finding finding = Assert.Single(AssertFired(Facts(without: "libssl") with { App = WebApp with { PublishAot = true } }, DiagnosticIds.OpenSslMissing));
        Assert.StartsWith("The app is native AOT", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_for_another_architecture_is_CH5005()
    {
        Finding finding = Assert.Single(AssertFired(Facts() with { App = WebApp with { RuntimeIdentifier = "linux-arm64" } }, DiagnosticIds.ArchitectureMismatch));

        Assert.StartsWith("The app was published for linux-arm64 but the image is for amd64", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_musl_app_on_a_glibc_image_is_CH5006_and_a_glibc_app_on_a_musl_only_image_too()
    {
        AssertFired(Facts() with { App = WebApp with { RuntimeIdentifier = "linux-musl-x64" } }, DiagnosticIds.LibcMismatch);

        ImageFacts alpine = Facts(baseLayer: l => l.File("lib/ld-musl-x86_64.so.1", Elf));
        AssertFired(alpine with { App = WebApp with { RuntimeIdentifier = "linux-musl-x64" } });
        ImageFacts muslOnly = Facts(baseLayer: l => l.File("lib/ld-musl-x86_64.so.1", Elf), appLayer: l => l.Whiteout("usr/lib64/ld-linux-x86-64.so.2"));
        Assert.Single(AssertFired(muslOnly, DiagnosticIds.LibcMismatch));
    }
}
