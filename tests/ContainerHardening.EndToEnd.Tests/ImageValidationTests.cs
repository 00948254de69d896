using System.Text.Json;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>The image that was actually built is read back and checked: config, layers, runtime compatibility.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ImageValidationTests(LocalPackageFeed feed)
{
    [Fact]
    public void A_hardened_web_image_has_no_error_or_warning_about_its_own_files()
    {
        CreatedProject project = TestProject.Web("ValidClean").WithProperty("InvariantGlobalization", "true").Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        string[] ids = ReportedIds(project);
        Assert.DoesNotContain(ids, id => id.StartsWith("CH2", StringComparison.Ordinal) || id.StartsWith("CH5", StringComparison.Ordinal) || id.StartsWith("CH1", StringComparison.Ordinal) && id != "CH1009");
        Assert.Matches(@"ContainerHardening: .*image\.tar sha256:[0-9a-f]{12}… — 0 errors", publish.Output);
    }

    [Fact]
    public void Debug_symbols_kept_on_request_are_still_reported_in_the_image()
    {
        CreatedProject project = TestProject.Web("ValidSymbols").WithProperty("ContainerHardeningKeepDebugSymbols", "true").Create(feed);

        ProcessResult publish = project.Publish(true, "-p:ContainerHardeningRuleSeverity=CH2007=warning");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Matches(@"warning CH2007: .*/app/ValidSymbols\.pdb", publish.Output);
    }

    [Fact]
    public void A_framework_dependent_app_on_runtime_deps_fails_because_the_image_has_no_shared_runtime()
    {
        CreatedProject project = TestProject.Web("ValidNoRuntime")
            .WithProperty("InvariantGlobalization", "true")
            .WithProperty("ContainerBaseImage", "localhost:5000/dotnet/runtime-deps:10.0-noble-chiseled")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CH5004", publish.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(project.ArchivePath), "an image that fails validation is not handed over");
    }

    [Fact]
    public void An_app_that_needs_icu_on_a_base_that_forces_invariant_mode_is_warned_about()
    {
        CreatedProject project = TestProject.Web("ValidIcu")
            .WithProperty("ContainerBaseImage", "localhost:5000/dotnet/aspnet:10.0-noble-chiseled")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Contains("warning CH5002", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_that_looks_up_time_zones_on_an_explicit_base_without_tzdata_is_warned_with_CH5003()
    {
        CreatedProject project = TestProject.Console("ValidTimeZones")
            .WithProperty("InvariantGlobalization", "true")
            .WithProperty("ContainerFamily", "noble-chiseled")
            .WithFile("Program.cs", TestProject.TimeZoneProgram)
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Equal("localhost:5000/dotnet/runtime:10.0-noble-chiseled", project.ReadImage().BaseName);
        Assert.Contains(
            "warning CH5003: ValidTimeZones.dll calls TimeZoneInfo.FindSystemTimeZoneById, which looks time zones up by id, but the image has nothing under /usr/share/zoneinfo",
            publish.Output, StringComparison.Ordinal);
        Assert.Contains("CH5003", ReportedIds(project));
    }

    [Fact]
    public void A_root_image_in_audit_mode_is_reported_from_the_image_config_too()
    {
        CreatedProject project = TestProject.Web("ValidRoot").WithProperty("ContainerUser", "root").Create(feed);

        ProcessResult publish = project.Publish(true, "-p:ContainerHardeningMode=audit");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Contains("warning CH1001: ContainerUser is 'root'", publish.Output, StringComparison.Ordinal);
        Assert.Matches("warning CH1001: The image config", publish.Output);
    }

    [Fact]
    public void An_unchanged_rebuild_reuses_the_analysis_of_the_same_image()
    {
        CreatedProject project = TestProject.Web("ValidCache").WithProperty("InvariantGlobalization", "true").Create(feed);

        ProcessResult first = project.Publish();
        ProcessResult second = project.Publish();

        Assert.True(first.ExitCode == 0, first.Tail);
        Assert.True(second.ExitCode == 0, second.Tail);
        Assert.DoesNotContain("reusing that analysis", first.Output, StringComparison.Ordinal);
        Assert.Contains("was analysed before with the same inputs; reusing that analysis", second.Output, StringComparison.Ordinal);
        Assert.Equal(ReportedIds(project).Distinct().Order(), ReportedIdsAfter(first).Order());
    }

    private static string[] ReportedIdsAfter(ProcessResult publish) =>
        [.. System.Text.RegularExpressions.Regex.Matches(publish.Output, @"(?:warning|error|message) (CH\d{4}):").Select(m => m.Groups[1].Value).Distinct()];

    private static string[] ReportedIds(CreatedProject project)
    {
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "report.json")));
        return report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
    }
}
