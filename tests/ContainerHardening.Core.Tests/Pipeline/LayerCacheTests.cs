using ContainerHardening.Image;
using ContainerHardening.Pipeline;
using ContainerHardening.Sbom;
using ContainerHardening.Tests.Image;

namespace ContainerHardening.Tests.Pipeline;

/// <summary>
/// A base layer is read once and then replayed from its recording: the next analysis of an app on the same base gives
/// the same findings and SBOM without reading the base layer's bytes.
/// </summary>
public sealed class LayerCacheTests : ImageFixture
{
    private const string DpkgStatus = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\n\n";

    [Fact]
    public void A_base_layer_seen_before_is_replayed_and_gives_the_same_analysis_without_being_read()
    {
        string image = Image("first");
        ImageAnalysis first = ImageAnalyzer.Analyze(Request(image));

        // Damage the base layer's bytes: read again, they would fail the digest check (CH0022).
        DamageBaseLayer(image);
        ImageAnalysis replayed = ImageAnalyzer.Analyze(Request(image));
        ImageAnalysis uncached = ImageAnalyzer.Analyze(Request(image) with { LayerCacheDirectory = null });

        Assert.Equal(0, first.LayersReplayed);
        Assert.Equal(1, replayed.LayersReplayed);
        Assert.Equal(first.Findings, replayed.Findings);
        Assert.Contains(first.Findings, f => f.Subject == "/opt/setup/.env");
        Assert.Equal(Purls(first), Purls(replayed));
        Assert.Contains("pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12", Purls(replayed));
        Assert.Contains(uncached.Findings, f => f.Rule.Id == "CH0022");
    }

    [Fact]
    public void Another_app_on_the_same_base_replays_the_base_and_reads_its_own_layer()
    {
        ImageAnalysis first = ImageAnalyzer.Analyze(Request(Image("first")));
        ImageAnalysis second = ImageAnalyzer.Analyze(Request(Image("second", appSecret: "GITHUB_TOKEN=ghp_" + new string('a', 36))));

        Assert.Equal(1, second.LayersReplayed);
        Assert.Single(Directory.GetFiles(PathFor("cache"), "*.layer.json"));
        Assert.DoesNotContain(first.Findings, f => f.Subject == "/app/appsettings.json");
        Assert.Equal(first.Findings.Count(f => f.Subject == "/opt/setup/.env"), second.Findings.Count(f => f.Subject == "/opt/setup/.env"));
    }

    [Fact]
    public void A_damaged_recording_is_a_miss_and_is_written_anew()
    {
        string image = Image("first");
        ImageAnalysis first = ImageAnalyzer.Analyze(Request(image));
        foreach (string record in Directory.GetFiles(PathFor("cache"), "*.layer.json"))
        {
            File.WriteAllText(record, "{ not json");
        }

        ImageAnalysis again = ImageAnalyzer.Analyze(Request(image));
        ImageAnalysis replayed = ImageAnalyzer.Analyze(Request(image));

        Assert.Equal(0, again.LayersReplayed);
        Assert.Equal(first.Findings, again.Findings);
        Assert.Equal(1, replayed.LayersReplayed);
    }

    private string Image(string name, string appSecret = "") =>
        new TestImageBuilder()
            .Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .File("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654::/home/app:/sbin/nologin\n")
                .File("var/lib/dpkg/status", DpkgStatus)
                .File("opt/setup/.env", "DB_PASSWORD=Zq7Base-Pw-9xLmT4vB2nR8\n"))
            .Layer(l => l.File("app/App.dll", "not really an assembly").File("app/appsettings.json", appSecret))
            .WriteOciDirectory(PathFor(name));

    private ImageAnalysisRequest Request(string image) => new()
    {
        ImagePath = image,
        ImageName = "shop/api",
        LayerCacheDirectory = PathFor("cache"),
        Sbom = new SbomRequest(new SbomApplication("Api", "1.0"), PathFor("missing.assets.json"), new NuGetAssetsTarget("net10.0")),
    };

    private static void DamageBaseLayer(string layout)
    {
        string digest;
        using (IImageSource source = ImageSource.Open(layout))
        {
            digest = source.Manifest.Layers[0].Digest;
        }

        string blob = TestImageBuilder.BlobFile(layout, digest);
        byte[] bytes = File.ReadAllBytes(blob);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);
    }

    private static string[] Purls(ImageAnalysis analysis) =>
        analysis.Inventory!.Components.Select(c => c.Purl ?? "").Order(StringComparer.Ordinal).ToArray();
}
