using System.Text.Json.Nodes;
using ContainerHardening.Sbom;

namespace ContainerHardening.Tests.Sbom;

public class CycloneDxWriterTests
{
    private static readonly JsonNode Bom = JsonNode.Parse(Inventories.CycloneDx(Inventories.Rich))!;

    [Fact]
    public void Writing_twice_gives_the_same_bytes()
    {
        Assert.Equal(Inventories.CycloneDx(Inventories.Rich), Inventories.CycloneDx(Inventories.Rich));
    }

    [Fact]
    public void The_input_order_does_not_change_the_output()
    {
        SbomInventory reversed = Inventories.Rich with { Components = [.. Inventories.Rich.Components.Reverse()] };
        Assert.Equal(Inventories.CycloneDx(Inventories.Rich), Inventories.CycloneDx(reversed));
    }

    [Fact]
    public void The_serial_number_is_a_version_5_uuid_of_the_image_digest()
    {
        string serial = (string)Bom["serialNumber"]!;
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", serial);
        Assert.Equal(serial, (string)JsonNode.Parse(Inventories.CycloneDx(Inventories.Empty))!["serialNumber"]!);
        SbomInventory other = Inventories.Empty with { Image = Inventories.Empty.Image with { ManifestDigest = Inventories.BaseDigest } };
        Assert.NotEqual(serial, (string)JsonNode.Parse(Inventories.CycloneDx(other))!["serialNumber"]!);
    }

    [Fact]
    public void The_header_carries_the_given_timestamp_the_tool_and_the_image()
    {
        Assert.Equal("CycloneDX", (string?)Bom["bomFormat"]);
        Assert.Equal("1.6", (string?)Bom["specVersion"]);
        Assert.Equal(1, (int?)Bom["version"]);
        Assert.Equal("2025-10-09T08:53:20Z", (string?)Bom["metadata"]!["timestamp"]);
        Assert.Equal("ContainerHardening", (string?)Bom["metadata"]!["tools"]!["components"]![0]!["name"]);
        Assert.Equal("1.2.3", (string?)Bom["metadata"]!["tools"]!["components"]![0]!["version"]);
        JsonNode image = Bom["metadata"]!["component"]!;
        Assert.Equal("container", (string?)image["type"]);
        Assert.Equal(Inventories.Digest, (string?)image["version"]);
        Assert.Equal(Inventories.Digest[7..], (string?)image["hashes"]![0]!["content"]);
        Assert.Equal("pkg:oci/api@sha256:" + Inventories.Digest[7..] + "?repository_url=registry.example.com/shop/api&tag=1.4.0", (string?)image["bom-ref"]);
        Assert.Equal(2, image["properties"]!.AsArray().Count(p => (string?)p!["name"] == "containerhardening:image:layer"));
    }

    [Fact]
    public void Components_are_sorted_by_purl_after_the_base_image_and_the_application()
    {
        string[] refs = [.. Bom["components"]!.AsArray().Select(c => (string)c!["bom-ref"]!)];
        Assert.StartsWith("pkg:oci/aspnet@", refs[0], StringComparison.Ordinal);
        Assert.Equal("application:Shop.Api@1.4.0", refs[1]);
        Assert.Equal(refs.Skip(2).Order(StringComparer.Ordinal), refs.Skip(2));
        Assert.Equal(refs.Length, refs.Distinct().Count());
    }

    [Fact]
    public void NuGet_packages_carry_sha512_licenses_and_whether_they_are_direct()
    {
        JsonNode serilog = Component("pkg:nuget/Serilog@4.0.0");
        Assert.Equal("library", (string?)serilog["type"]);
        Assert.Equal("SHA-512", (string?)serilog["hashes"]![0]!["alg"]);
        Assert.Equal(Inventories.Sha512Hex, (string?)serilog["hashes"]![0]!["content"]);
        Assert.Equal("Apache-2.0", (string?)serilog["licenses"]![0]!["expression"]);
        Assert.Equal("true", (string?)serilog["properties"]![0]!["value"]);
        Assert.Equal("https://example.com/license.txt", (string?)Component("pkg:nuget/Legacy.Lib@1.0.0%2Bbuild.5")["licenses"]![0]!["license"]!["url"]);
        Assert.Null(Component("pkg:nuget/No.License@0.1.0-beta")["licenses"]);
        Assert.Equal("framework", (string?)Component("pkg:generic/dotnet/Microsoft.NETCore.App@10.0.12")["type"]);
    }

    [Fact]
    public void Dependencies_go_from_the_image_to_the_application_to_its_packages()
    {
        Dictionary<string, string[]> graph = Bom["dependencies"]!.AsArray()
            .ToDictionary(d => (string)d!["ref"]!, d => d!["dependsOn"]!.AsArray().Select(x => (string)x!).ToArray());
        string image = (string)Bom["metadata"]!["component"]!["bom-ref"]!;
        Assert.Contains("application:Shop.Api@1.4.0", graph[image]);
        Assert.Contains("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12", graph[image]);
        Assert.Contains("pkg:generic/dotnet/Microsoft.NETCore.App@10.0.12", graph[image]);
        Assert.Contains("os:debian@12", graph[image]);
        Assert.Contains("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12", graph["os:debian@12"]);
        Assert.DoesNotContain(graph["os:debian@12"], to => !to.StartsWith("pkg:deb/", StringComparison.Ordinal) && !to.StartsWith("pkg:apk/", StringComparison.Ordinal));
        Assert.Equal(["pkg:nuget/Files.Lib@2.0.0", "pkg:nuget/No.License@0.1.0-beta", "pkg:nuget/Serilog@4.0.0"], graph["application:Shop.Api@1.4.0"]);

        // An edge to a package the inventory does not hold is dropped rather than left dangling.
        Assert.Equal(["pkg:nuget/Legacy.Lib@1.0.0%2Bbuild.5"], graph["pkg:nuget/Serilog@4.0.0"]);
        Assert.All(graph.Values.SelectMany(v => v), to => Assert.True(graph.ContainsKey(to), to));
    }

    [Fact]
    public void The_operating_system_is_a_component_named_by_os_release()
    {
        JsonNode os = Bom["components"]!.AsArray().Single(c => (string?)c!["type"] == "operating-system")!;
        Assert.Equal("os:debian@12", (string?)os["bom-ref"]);
        Assert.Equal("debian", (string?)os["name"]);
        Assert.Equal("12", (string?)os["version"]);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", (string?)os["description"]);
    }

    private static JsonNode Component(string purl) =>
        Bom["components"]!.AsArray().Single(c => (string?)c!["purl"] == purl)!;
}
