using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>A secret that would ship in the image stops the publish, and its value appears in no output at all.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class SecretsTests(LocalPackageFeed feed)
{
    private const string Canary = "Qx8Canary-Db-Pw-4mZt7Lk2";

    [Fact]
    public void A_password_in_appsettings_fails_the_publish_with_a_fingerprint_and_the_value_is_printed_nowhere()
    {
        CreatedProject project = TestProject.Web("SecretsCanary")
            .WithFile("appsettings.json", $$"""{ "ConnectionStrings": { "Db": "Server=db;Database=shop;User Id=shop;Password={{Canary}};" } }""")
            .Create(feed);

        ProcessResult publish = project.Publish(true, "-v:diag");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Matches(@"error CH3005: '/app/appsettings\.json' holds a connection string .* fingerprint \S*…\(\d+\) sha256:[0-9a-f]{8}", publish.Output);
        Assert.False(File.Exists(project.ArchivePath), "an image with a secret is not handed over");

        ProcessResult replay = ProcessRunner.Run("dotnet", ["msbuild", Path.Combine(project.Directory, "publish.binlog"), "-v:diag", "-noconlog",
            $"-flp:logfile={Path.Combine(project.Directory, "replay.log")};verbosity=diagnostic"], project.Directory);
        Assert.True(replay.ExitCode == 0, replay.Tail);
        string reports = Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening");
        string[] outputs =
        [
            publish.Output,
            File.ReadAllText(Path.Combine(project.Directory, "replay.log")),
            .. Directory.GetFiles(reports).Select(File.ReadAllText),
        ];
        Assert.All(outputs, text => Assert.DoesNotContain(Canary, text, StringComparison.Ordinal));
    }
}
