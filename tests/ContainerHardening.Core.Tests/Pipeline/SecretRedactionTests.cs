using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Pipeline;
using ContainerHardening.Reporting;
using ContainerHardening.Sbom;
using ContainerHardening.Tests.Image;

namespace ContainerHardening.Tests.Pipeline;

/// <summary>
/// A canary secret planted in a file, a file a later layer deletes, an environment variable and a label is found in
/// each place, and appears in no finding, report, SBOM or exception — only its fingerprint does.
/// </summary>
public sealed class SecretRedactionTests : ImageFixture
{
    private const string Canary = "Zq7Canary-Pw-9xLmT4vB2nR8";

    [Fact]
    public void The_canary_is_found_everywhere_it_was_planted_and_printed_nowhere()
    {
        string archive = new TestImageBuilder
        {
            Labels = new Dictionary<string, string> { ["com.example.db"] = $"Server=db;User Id=sa;Password={Canary};" },
        }
            .Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("opt/setup/.env", $"DB_PASSWORD={Canary}\n"))
            .Layer(l => l.Whiteout("opt/setup/.env").File("app/appsettings.json", $$"""{ "ConnectionStrings": { "Db": "Server=db;Database=app;User Id=sa;Password={{Canary}};" } }"""))
            .Configure(c => c with { Config = (c.Config ?? new ContainerConfig()) with { Env = ["PATH=/usr/bin", $"DB_PASSWORD={Canary}"] } })
            .WriteOciTar(PathFor("canary.tar"));

        ImageAnalysis analysis = ImageAnalyzer.Analyze(new ImageAnalysisRequest
        {
            ImagePath = archive,
            ImageName = "canary",
            Sbom = new SbomRequest(new SbomApplication("Canary", "1.0"), PathFor("missing.assets.json"), new NuGetAssetsTarget("net10.0")),
        });

        Finding[] secrets = analysis.Findings.Where(f => f.Rule.Id.StartsWith("CH3", StringComparison.Ordinal)).ToArray();
        Assert.Contains(secrets, f => f.Subject == "/app/appsettings.json");
        Assert.Contains(secrets, f => f.Subject == "/opt/setup/.env");
        Assert.Contains(secrets, f => f.Subject == "env:DB_PASSWORD");
        Assert.Contains(secrets, f => f.Subject == "label:com.example.db");

        var report = new HardeningReport("canary", analysis.ManifestDigest, "test", PathFor(""), RuleCatalog.All, analysis.Findings, [], new Dictionary<string, long>());
        ReportFilePaths reports = ReportFiles.Write(PathFor("out"), report);
        IReadOnlyList<string> sboms = SbomFiles.Write(PathFor("out"), analysis.Inventory!, new SbomWriteOptions(DateTimeOffset.UnixEpoch, "test"));

        Assert.All(analysis.Findings, f => Assert.DoesNotContain(Canary, f.Message + f.Subject, StringComparison.Ordinal));
        Assert.All([reports.Sarif, reports.Json, .. sboms], file => Assert.DoesNotContain(Canary, File.ReadAllText(file), StringComparison.Ordinal));
        Assert.DoesNotContain(Canary, SummaryLine.For(report, reports.Sarif), StringComparison.Ordinal);
    }
}
