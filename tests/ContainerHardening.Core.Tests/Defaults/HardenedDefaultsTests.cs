using ContainerHardening.Defaults;
using ContainerHardening.Diagnostics;
using ContainerHardening.TimeZones;

namespace ContainerHardening.Tests.Defaults;

public class HardenedDefaultsTests
{
    private static readonly ContainerProjectFacts Web = new() { IsWebProject = true };

    [Fact]
    public void An_unconfigured_web_app_gets_the_extra_family_user_1654_and_port_8080()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web);

        Assert.Equal(HardenedDefaults.ChiseledExtraFamily, defaults.ContainerFamily);
        Assert.Equal("1654", defaults.ContainerUser);
        Assert.Equal([new ContainerPort("8080", "tcp")], defaults.PortsToAdd);
        Assert.Empty(defaults.Findings);
        Assert.Contains(defaults.Decisions, d => d.Notable && d.Text.Contains("InvariantGlobalization=true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("true", "", HardenedDefaults.ChiseledFamily)]
    [InlineData("True", "", HardenedDefaults.ChiseledFamily)]
    [InlineData("false", "", HardenedDefaults.ChiseledExtraFamily)]
    [InlineData("", "", HardenedDefaults.ChiseledExtraFamily)]
    [InlineData("true", "false", HardenedDefaults.ChiseledExtraFamily)]
    [InlineData("", "true", HardenedDefaults.ChiseledFamily)]
    public void The_family_follows_the_effective_invariant_globalization(string property, string runtimeOption, string expected)
    {
        var facts = Web with { InvariantGlobalization = property, RuntimeInvariantGlobalizationOption = runtimeOption };

        Assert.Equal(expected, HardenedDefaults.Compute(facts).ContainerFamily);
    }

    [Fact]
    public void An_explicit_family_or_base_image_is_left_alone()
    {
        Assert.Null(HardenedDefaults.Compute(Web with { ContainerFamily = "noble" }).ContainerFamily);
        Assert.Null(HardenedDefaults.Compute(Web with { ContainerBaseImage = "example.com/base:1" }).ContainerFamily);
    }

    [Fact]
    public void An_invariant_app_that_looks_up_time_zones_gets_the_extra_family_and_is_told_why()
    {
        var facts = Web with { InvariantGlobalization = "true", TimeZoneLookup = new("Web.dll", "TimeZoneInfo.FindSystemTimeZoneById") };

        ContainerDefaults defaults = HardenedDefaults.Compute(facts);

        Assert.Equal(HardenedDefaults.ChiseledExtraFamily, defaults.ContainerFamily);
        Assert.Contains(defaults.Decisions, d => d.Notable && d.Text.Contains("Web.dll calls TimeZoneInfo.FindSystemTimeZoneById", StringComparison.Ordinal));
        Assert.Empty(defaults.Findings);
    }

    [Theory]
    [InlineData("Europe/Berlin", HardenedDefaults.ChiseledExtraFamily)]
    [InlineData("UTC", HardenedDefaults.ChiseledFamily)]
    [InlineData("", HardenedDefaults.ChiseledFamily)]
    public void An_invariant_app_whose_container_sets_TZ_to_a_zone_gets_the_extra_family(string tz, string expected)
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { InvariantGlobalization = "true", EnvironmentTimeZone = tz });

        Assert.Equal(expected, defaults.ContainerFamily);
        Assert.Equal(tz.Length > 0 && expected == HardenedDefaults.ChiseledExtraFamily, defaults.Decisions.Any(d => d.Notable && d.Text.Contains("TZ=" + tz, StringComparison.Ordinal)));
    }

    [Fact]
    public void Time_zone_lookups_never_override_an_explicit_family_or_base_image()
    {
        TimeZoneLookup lookup = new("Web.dll", "TimeZoneInfo.FindSystemTimeZoneById");

        Assert.Null(HardenedDefaults.Compute(Web with { ContainerFamily = HardenedDefaults.ChiseledFamily, TimeZoneLookup = lookup }).ContainerFamily);
        Assert.Null(HardenedDefaults.Compute(Web with { ContainerBaseImage = "example.com/base:1", TimeZoneLookup = lookup }).ContainerFamily);
    }

    [Fact]
    public void Aot_apps_are_told_they_get_runtime_deps()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(new ContainerProjectFacts { IsAotPublished = true, InvariantGlobalization = "true" });

        Assert.Equal(HardenedDefaults.ChiseledFamily, defaults.ContainerFamily);
        Assert.Contains(defaults.Decisions, d => d.Text.Contains("runtime-deps", StringComparison.Ordinal));
        Assert.Empty(defaults.PortsToAdd);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("0")]
    [InlineData("0:0")]
    [InlineData("root:app")]
    public void An_explicit_root_user_is_an_error_and_is_not_overridden(string user)
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { ContainerUser = user });

        Finding finding = Assert.Single(defaults.Findings);
        Assert.Equal(DiagnosticIds.RunsAsRoot, finding.Rule.Id);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains($"'{user}'", finding.Message, StringComparison.Ordinal);
        Assert.Null(defaults.ContainerUser);
    }

    [Fact]
    public void A_named_user_is_kept_with_an_info_to_use_the_uid()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { ContainerUser = "app" });

        Assert.Null(defaults.ContainerUser);
        Assert.Equal(DiagnosticIds.NonNumericUser, Assert.Single(defaults.Findings).Rule.Id);
    }

    [Fact]
    public void A_numeric_non_root_user_is_kept_silently()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { ContainerUser = "2000:2000" });

        Assert.Null(defaults.ContainerUser);
        Assert.Empty(defaults.Findings);
    }

    [Fact]
    public void Explicit_ports_are_kept_and_privileged_ones_warned_about()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { ContainerPorts = [new("80"), new("8443")] });

        Assert.Empty(defaults.PortsToAdd);
        Finding finding = Assert.Single(defaults.Findings);
        Assert.Equal(DiagnosticIds.PrivilegedPort, finding.Rule.Id);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("80/tcp", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_web_app_gets_no_port()
    {
        Assert.Empty(HardenedDefaults.Compute(new ContainerProjectFacts()).PortsToAdd);
    }

    [Fact]
    public void Source_date_epoch_pins_the_created_labels_and_silences_the_sdk_one()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { SourceDateEpoch = "1700000000" });

        Assert.True(defaults.SuppressSdkCreatedLabel);
        Assert.Contains(new KeyValuePair<string, string>(HardenedDefaults.CreatedLabel, "2023-11-14T22:13:20Z"), defaults.LabelsToAdd);
        Assert.Contains(new KeyValuePair<string, string>(HardenedDefaults.ArtifactCreatedLabel, "2023-11-14T22:13:20Z"), defaults.LabelsToAdd);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    public void A_bad_source_date_epoch_is_a_configuration_error(string value)
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { SourceDateEpoch = value });

        Assert.Equal(DiagnosticIds.InvalidSourceDateEpoch, Assert.Single(defaults.Findings).Rule.Id);
        Assert.False(defaults.SuppressSdkCreatedLabel);
    }

    [Fact]
    public void Created_label_is_not_added_when_the_user_turned_it_off()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with { SourceDateEpoch = "1700000000", GenerateCreatedLabel = "false" });

        Assert.Empty(defaults.LabelsToAdd);
        Assert.False(defaults.SuppressSdkCreatedLabel);
    }

    [Fact]
    public void Source_and_revision_labels_come_from_source_control_without_credentials()
    {
        ContainerDefaults defaults = HardenedDefaults.Compute(Web with
        {
            RepositoryUrl = "https://ci-bot:ghp_notarealtoken@github.com/org/repo.git",
            SourceRevisionId = "0123456789abcdef",
        });

        Assert.Contains(new KeyValuePair<string, string>(HardenedDefaults.SourceLabel, "https://github.com/org/repo"), defaults.LabelsToAdd);
        Assert.Contains(new KeyValuePair<string, string>(HardenedDefaults.RevisionLabel, "0123456789abcdef"), defaults.LabelsToAdd);
        Assert.DoesNotContain(defaults.Decisions, d => d.Text.Contains("ghp_", StringComparison.Ordinal));
    }

    [Fact]
    public void Labels_the_user_or_the_sdk_already_set_are_not_duplicated()
    {
        ContainerDefaults userSet = HardenedDefaults.Compute(Web with
        {
            RepositoryUrl = "https://github.com/org/repo",
            ContainerLabelNames = [HardenedDefaults.SourceLabel],
        });
        ContainerDefaults sdkSets = HardenedDefaults.Compute(Web with { RepositoryUrl = "https://github.com/org/repo", PublishRepositoryUrl = true });

        Assert.Empty(userSet.LabelsToAdd);
        Assert.Empty(sdkSets.LabelsToAdd);
    }
}
