using System.Text.Json.Nodes;
using ContainerHardening.Sbom;

namespace ContainerHardening.Tests.Sbom;

public class SpdxWriterTests
{
    private static readonly JsonNode Document = JsonNode.Parse(Inventories.Spdx(Inventories.Rich))!;

    [Fact]
    public void Writing_twice_gives_the_same_bytes()
    {
        Assert.Equal(Inventories.Spdx(Inventories.Rich), Inventories.Spdx(Inventories.Rich));
        SbomInventory reversed = Inventories.Rich with { Components = [.. Inventories.Rich.Components.Reverse()] };
        Assert.Equal(Inventories.Spdx(Inventories.Rich), Inventories.Spdx(reversed));
    }

    [Fact]
    public void The_header_is_SPDX_2_3_with_a_namespace_from_the_image()
    {
        Assert.Equal("SPDX-2.3", (string?)Document["spdxVersion"]);
        Assert.Equal("CC0-1.0", (string?)Document["dataLicense"]);
        Assert.Equal("SPDXRef-DOCUMENT", (string?)Document["SPDXID"]);
        Assert.Equal("https://containerhardening.dev/spdx/registry.example.com-shop-api-" + Inventories.Digest[7..], (string?)Document["documentNamespace"]);
        Assert.Equal("2025-10-09T08:53:20Z", (string?)Document["creationInfo"]!["created"]);
        Assert.Equal("Tool: ContainerHardening-1.2.3", (string?)Document["creationInfo"]!["creators"]![0]);
    }

    [Fact]
    public void Packages_have_sanitized_unique_ids_purls_checksums_and_licenses()
    {
        JsonNode[] packages = [.. Document["packages"]!.AsArray().Select(p => p!)];
        string[] ids = [.. packages.Select(p => (string)p["SPDXID"]!)];
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^SPDXRef-[A-Za-z0-9.-]+$", id));

        JsonNode legacy = packages.Single(p => (string?)p["name"] == "Legacy.Lib");
        Assert.Equal("SPDXRef-NuGet-Legacy.Lib-1.0.0-build.5", (string?)legacy["SPDXID"]);
        Assert.Equal("NOASSERTION", (string?)legacy["licenseDeclared"]);
        Assert.Equal("pkg:nuget/Legacy.Lib@1.0.0%2Bbuild.5", (string?)legacy["externalRefs"]![0]!["referenceLocator"]);
        Assert.Equal("PACKAGE-MANAGER", (string?)legacy["externalRefs"]![0]!["referenceCategory"]);

        JsonNode os = packages.Single(p => (string?)p["primaryPackagePurpose"] == "OPERATING_SYSTEM");
        Assert.Equal("SPDXRef-OperatingSystem-debian-12", (string?)os["SPDXID"]);
        Assert.Equal("debian", (string?)os["name"]);
        Assert.Equal("12", (string?)os["versionInfo"]);

        JsonNode serilog = packages.Single(p => (string?)p["name"] == "Serilog");
        Assert.Equal("Apache-2.0", (string?)serilog["licenseDeclared"]);
        Assert.Equal("NOASSERTION", (string?)serilog["licenseConcluded"]);
        Assert.Equal("SHA512", (string?)serilog["checksums"]![0]!["algorithm"]);
        Assert.False((bool)serilog["filesAnalyzed"]!);
        Assert.Equal("NOASSERTION", (string?)serilog["downloadLocation"]);
    }

    [Fact]
    public void Relationships_describe_the_image_which_contains_everything_and_packages_depend_on_packages()
    {
        string[] relationships = [.. Document["relationships"]!.AsArray()
            .Select(r => $"{r!["spdxElementId"]} {r["relationshipType"]} {r["relatedSpdxElement"]}")];
        Assert.Equal("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image", relationships[0]);
        Assert.Contains("SPDXRef-Image DESCENDANT_OF SPDXRef-BaseImage", relationships);
        Assert.Contains("SPDXRef-Image CONTAINS SPDXRef-Application-Shop.Api", relationships);
        Assert.Contains("SPDXRef-Image CONTAINS SPDXRef-Deb-libc6-2.36-9-deb12u10", relationships);
        Assert.Contains("SPDXRef-Image CONTAINS SPDXRef-OperatingSystem-debian-12", relationships);
        Assert.Contains("SPDXRef-OperatingSystem-debian-12 CONTAINS SPDXRef-Deb-libc6-2.36-9-deb12u10", relationships);
        Assert.DoesNotContain(relationships, r => r.StartsWith("SPDXRef-OperatingSystem-debian-12 DEPENDS_ON", StringComparison.Ordinal));
        Assert.Contains("SPDXRef-Application-Shop.Api DEPENDS_ON SPDXRef-NuGet-Serilog-4.0.0", relationships);
        Assert.Contains("SPDXRef-NuGet-Serilog-4.0.0 DEPENDS_ON SPDXRef-NuGet-Legacy.Lib-1.0.0-build.5", relationships);
    }

    [Fact]
    public void Names_that_sanitize_alike_get_distinct_ids()
    {
        SbomInventory inventory = Inventories.Empty with
        {
            Components =
            [
                new SbomComponent(SbomComponentKind.NuGetPackage, "A", "1.0+x", PackageUrl.NuGet("A", "1.0+x")),
                new SbomComponent(SbomComponentKind.NuGetPackage, "A", "1.0_x", PackageUrl.NuGet("A", "1.0_x")),
            ],
        };
        string[] ids = [.. JsonNode.Parse(Inventories.Spdx(inventory))!["packages"]!.AsArray().Select(p => (string)p!["SPDXID"]!)];
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public void Sbom_files_are_written_into_the_folder()
    {
        string directory = Path.Combine(Path.GetTempPath(), "ch-sbom-" + Guid.NewGuid().ToString("N"));
        try
        {
            IReadOnlyList<string> paths = SbomFiles.Write(directory, Inventories.Rich, Inventories.Options);
            Assert.Equal(Inventories.CycloneDx(Inventories.Rich), File.ReadAllText(paths[0]));
            Assert.Equal(Inventories.Spdx(Inventories.Rich), File.ReadAllText(paths[1]));
            Assert.Equal(["sbom.cdx.json", "sbom.spdx.json"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("", SbomFormats.All)]
    [InlineData("cyclonedx;spdx", SbomFormats.All)]
    [InlineData("CycloneDX", SbomFormats.CycloneDx)]
    [InlineData("spdx", SbomFormats.Spdx)]
    [InlineData("none", SbomFormats.None)]
    public void The_formats_property_reads_like_the_docs_say(string words, SbomFormats expected)
    {
        var problems = new List<ContainerHardening.Diagnostics.Finding>();

        Assert.Equal(expected, SbomFormatWords.Parse(words, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void An_unknown_format_is_a_configuration_error()
    {
        var problems = new List<ContainerHardening.Diagnostics.Finding>();

        SbomFormatWords.Parse("cyclonedx;swid", problems);

        Assert.Equal("CH0016", Assert.Single(problems).Rule.Id);
    }
}
