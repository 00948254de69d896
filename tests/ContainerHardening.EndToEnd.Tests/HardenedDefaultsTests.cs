using System.Formats.Tar;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>A project with nothing but the package reference gets a hardened image; explicit choices stay.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class HardenedDefaultsTests(LocalPackageFeed feed)
{
    private static readonly string[] FilesThatMustNotShip =
        ["app/WebDefaults.pdb", "app/appsettings.Development.json", "app/web.config", "app/nuget.config", "app/.env", "app/leftover.secret.json"];

    [Fact]
    public void A_web_project_with_only_the_package_gets_a_chiseled_non_root_image_on_port_8080_without_dev_files()
    {
        CreatedProject project = TestProject.Web("WebDefaults")
            .WithFile("appsettings.Development.json", """{ "ConnectionStrings": { "Db": "Server=localhost" } }""")
            .WithFile(".env", "API_KEY=not-a-real-key")
            .WithItem("Content", ".env", ("CopyToPublishDirectory", "PreserveNewest"))
            .WithFile("bin/Release/net10.0/publish/leftover.secret.json", "{}")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        ImageArchive image = project.ReadImage();
        Assert.Equal("1654", image.User);
        Assert.Equal(["8080/tcp"], image.ExposedPorts);
        Assert.Equal("localhost:5000/dotnet/aspnet:10.0-noble-chiseled-extra", image.BaseName);
        Assert.Contains(image.AppLayer, e => e.Path == "app/WebDefaults.dll");
        Assert.Contains(image.AppLayer, e => e.Path == "app/appsettings.json");
        Assert.All(FilesThatMustNotShip, path => Assert.DoesNotContain(image.Entries, e => e.Path == path));
        Assert.Contains("InvariantGlobalization=true", publish.Output, StringComparison.Ordinal);
        Assert.Contains("left out of the image: WebDefaults.pdb", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invariant_app_gets_the_smaller_chiseled_base()
    {
        CreatedProject project = TestProject.Web("WebInvariant").WithProperty("InvariantGlobalization", "true").Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Equal("localhost:5000/dotnet/aspnet:10.0-noble-chiseled", project.ReadImage().BaseName);
    }

    [Fact]
    public void A_self_contained_console_app_gets_runtime_deps()
    {
        CreatedProject project = TestProject.Console("ConsoleSelfContained")
            .WithProperty("InvariantGlobalization", "true")
            .WithProperty("RuntimeIdentifier", "linux-x64")
            .WithProperty("SelfContained", "true")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        ImageArchive image = project.ReadImage();
        Assert.Equal("localhost:5000/dotnet/runtime-deps:10.0-noble-chiseled", image.BaseName);
        Assert.Equal("1654", image.User);
    }

    [Fact]
    public void An_invariant_console_app_that_looks_up_time_zones_gets_the_extra_base_and_is_told_why()
    {
        CreatedProject project = TestProject.Console("ConsoleTimeZones")
            .WithProperty("InvariantGlobalization", "true")
            .WithFile("Program.cs", TestProject.TimeZoneProgram)
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Equal("localhost:5000/dotnet/runtime:10.0-noble-chiseled-extra", project.ReadImage().BaseName);
        Assert.Contains(
            "ContainerHardening: ContainerFamily=noble-chiseled-extra: the app looks up time zones by id (ConsoleTimeZones.dll calls TimeZoneInfo.FindSystemTimeZoneById)",
            publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CH5003", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_zone_lookup_in_a_project_reference_counts_too()
    {
        CreatedProject project = TestProject.Console("ConsoleZonesReference")
            .WithProperty("InvariantGlobalization", "true")
            .WithFile("Program.cs", "Console.WriteLine(Zones.Clock.Office());")
            .WithFile("../Zones/Zones.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                </Project>
                """)
            .WithFile("../Zones/Clock.cs", """
                using System;

                namespace Zones;

                public static class Clock
                {
                    public static DateTime Office() =>
                        TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "America/New_York");
                }
                """)
            .WithItem("ProjectReference", "../Zones/Zones.csproj")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Equal("localhost:5000/dotnet/runtime:10.0-noble-chiseled-extra", project.ReadImage().BaseName);
        Assert.Contains("(Zones.dll calls TimeZoneInfo.ConvertTimeBySystemTimeZoneId)", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_user_family_and_port_are_left_untouched()
    {
        CreatedProject project = TestProject.Web("WebExplicit")
            .WithProperty("ContainerUser", "2000")
            .WithProperty("InvariantGlobalization", "true")
            .WithProperty("ContainerFamily", "noble-chiseled-extra")
            .WithItem("ContainerPort", "9090", ("Type", "tcp"))
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        ImageArchive image = project.ReadImage();
        Assert.Equal("2000", image.User);
        Assert.Contains("9090/tcp", image.ExposedPorts);
        Assert.Equal("localhost:5000/dotnet/aspnet:10.0-noble-chiseled-extra", image.BaseName);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("0")]
    public void An_explicit_root_user_fails_the_publish_with_CH1001_and_writes_no_image(string user)
    {
        CreatedProject project = TestProject.Web("WebRoot" + user).WithProperty("ContainerUser", user).Create(feed);

        ProcessResult publish = project.Publish();

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains($"error CH1001: ContainerUser is '{user}'", publish.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(project.ArchivePath));
    }

    [Fact]
    public void A_privileged_port_is_a_CH1002_warning()
    {
        CreatedProject project = TestProject.Web("WebPort80").WithItem("ContainerPort", "80", ("Type", "tcp")).Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Contains("warning CH1002: ContainerPort 80/tcp is below 1024", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_date_epoch_pins_the_created_label()
    {
        CreatedProject project = TestProject.Web("WebEpoch").Create(feed);

        ProcessResult publish = project.Publish(true, "-p:SOURCE_DATE_EPOCH=1700000000");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Equal("2023-11-14T22:13:20Z", project.ReadImage().Label("org.opencontainers.image.created"));
    }

    [Fact]
    public void Turning_the_package_off_gives_the_sdk_behaviour()
    {
        CreatedProject project = TestProject.Web("WebDisabled")
            .WithProperty("ContainerHardeningEnabled", "false")
            .WithProperty("ContainerBaseImage", "localhost:5000/dotnet/aspnet:10.0-noble-chiseled")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Contains(project.ReadImage().AppLayer, e => e.Path == "app/WebDisabled.pdb");
        Assert.DoesNotContain("ContainerHardening:", publish.Output, StringComparison.Ordinal);
    }
}
