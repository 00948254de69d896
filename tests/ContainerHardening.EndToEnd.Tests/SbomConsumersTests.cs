using System.Text.Json;
using System.Text.Json.Nodes;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>
/// Our SBOMs as a scanner consumes them: Trivy reads them and finds our NuGet and Debian packages, and every package
/// Trivy finds in the image on its own is in our SBOM too. Trivy comes from build/tools.sh; see <see cref="Trivy"/>.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class SbomConsumersTests(LocalPackageFeed feed)
{
    [Fact]
    public void Trivy_reads_both_sboms_and_lists_our_nuget_packages_and_the_debian_packages_under_debian_12()
    {
        (CreatedProject project, string reports) = Publish("SbomTrivyRead");
        string cycloneDx = Path.Combine(reports, "sbom.cdx.json");
        string[] ourDebs = [.. OurComponents(cycloneDx).Where(c => c.Ecosystem == "deb").Select(c => c.Name + "@" + c.Version)];

        // Trivy 0.44's CycloneDX library predates spec 1.6 and the 1.5 `metadata.tools` object and rejects the
        // document for either; everything below the header is read as we wrote it. (A Trivy with CycloneDX 1.6
        // support reads the copy just the same.)
        string downgraded = Path.Combine(project.Directory, "sbom.cdx-1.5.json");
        JsonObject bom = JsonNode.Parse(File.ReadAllText(cycloneDx))!.AsObject();
        bom["specVersion"] = "1.5";
        bom.Remove("$schema");
        bom["metadata"]!.AsObject().Remove("tools");
        File.WriteAllText(downgraded, bom.ToJsonString());

        foreach (string sbom in new[] { downgraded, Path.Combine(reports, "sbom.spdx.json") })
        {
            IReadOnlyList<TrivyPackage> read = Trivy.ReadSbom(sbom, project.Directory);

            TrivyPackage[] os = [.. read.Where(p => p.Class == "os-pkgs")];
            Assert.True(os.Length > 0 && os.All(p => p.Type == "debian" && p.Target.EndsWith("(debian 12)", StringComparison.Ordinal)),
                $"{Path.GetFileName(sbom)}: Trivy should list the OS packages under debian 12, it read:\n{Describe(read)}");
            Assert.Equal(ourDebs.Order(StringComparer.Ordinal), os.Select(p => p.Name + "@" + p.Version).Order(StringComparer.Ordinal));
            Assert.Contains(read, p => p.Class == "lang-pkgs" && p.Name == "Newtonsoft.Json" && p.Version == "13.0.3");
        }
    }

    [Fact]
    public void Every_nuget_runtime_and_debian_package_trivy_finds_in_the_image_is_in_our_cyclonedx_sbom()
    {
        (CreatedProject project, string reports) = Publish("SbomTrivyRecall");
        OurComponent[] ours = OurComponents(Path.Combine(reports, "sbom.cdx.json"));
        HashSet<string> ourKeys = ours.Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        IReadOnlyList<TrivyPackage> found = Trivy.ScanImage(project.ArchivePath, project.Directory);

        string[] expected = [.. found.Select(Expected).Distinct(StringComparer.OrdinalIgnoreCase)];
        Assert.Contains("deb:libc6@" + ours.Single(c => c.Name == "libc6").Version, expected);
        Assert.Contains("nuget:Newtonsoft.Json@13.0.3", expected);
        Assert.Contains(expected, key => key.StartsWith("dotnet:Microsoft.AspNetCore.App@", StringComparison.Ordinal));
        string[] missing = [.. expected.Where(key => !ourKeys.Contains(key))];
        Assert.True(missing.Length == 0,
            $"Trivy found packages our SBOM lacks: {string.Join(", ", missing)}\nTrivy found:\n{Describe(found)}\nOur SBOM has: {string.Join(", ", ourKeys.Order())}");
    }

    private (CreatedProject Project, string Reports) Publish(string name)
    {
        _ = Trivy.Path; // no trivy: fail before spending a publish
        CreatedProject project = TestProject.Web(name)
            .WithItem("PackageReference", "Newtonsoft.Json", ("Version", "13.0.3"))
            .Create(feed);
        ProcessResult publish = project.Publish();
        Assert.True(publish.ExitCode == 0, publish.Tail);
        return (project, Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening"));
    }

    /// <summary>
    /// What our SBOM must hold for a package Trivy found, as "ecosystem:name@version". Trivy's OS packages are debs
    /// whatever type it gives them (on the test-env images, which have no /etc/debian_version, it detects no distribution
    /// and says "none"). A package Trivy reads from a shared framework's deps.json
    /// (usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.x/…, naming the runtime pack
    /// Microsoft.NETCore.App.Runtime.linux-x64) is that framework, which we list by the folder's name and version.
    /// </summary>
    private static string Expected(TrivyPackage package)
    {
        if (package.Class == "os-pkgs")
        {
            return "deb:" + package.Name + "@" + package.Version;
        }

        string[] target = package.Target.Split('/');
        int shared = Array.IndexOf(target, "shared");
        return shared >= 0 && shared + 2 < target.Length && Array.IndexOf(target, "dotnet", 0, shared) >= 0
            ? "dotnet:" + target[shared + 1] + "@" + target[shared + 2]
            : "nuget:" + package.Name + "@" + package.Version;
    }

    private sealed record OurComponent(string Ecosystem, string Name, string Version)
    {
        public string Key => Ecosystem + ":" + Name + "@" + Version;
    }

    /// <summary>Our CycloneDX components by ecosystem: nuget and deb from the purl type, dotnet for pkg:generic/dotnet/.</summary>
    private static OurComponent[] OurComponents(string cycloneDx)
    {
        using JsonDocument bom = JsonDocument.Parse(File.ReadAllBytes(cycloneDx));
        return [.. bom.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out _))
            .Select(c => (Purl: c.GetProperty("purl").GetString()!, Name: c.GetProperty("name").GetString()!, Version: c.GetProperty("version").GetString()!))
            .Select(c => new OurComponent(
                c.Purl.StartsWith("pkg:generic/dotnet/", StringComparison.Ordinal) ? "dotnet" : c.Purl["pkg:".Length..c.Purl.IndexOf('/', StringComparison.Ordinal)],
                c.Name,
                c.Version))];
    }

    private static string Describe(IEnumerable<TrivyPackage> packages) =>
        string.Join('\n', packages.Select(p => $"  {p.Class} {p.Type} [{p.Target}] {p.Name}@{p.Version}"));
}
