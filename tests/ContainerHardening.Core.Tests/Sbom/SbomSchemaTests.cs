using System.Text;
using System.Text.Json.Nodes;
using ContainerHardening.Sbom;
using ContainerHardening.Tests.Reporting;

namespace ContainerHardening.Tests.Sbom;

public class SbomSchemaTests
{
    private static readonly string CycloneDxSchema = Path.Combine(AppContext.BaseDirectory, "Schemas", "bom-1.6.schema.json");

    private static readonly string SpdxSchema = Path.Combine(AppContext.BaseDirectory, "Schemas", "spdx-2.3.schema.json");

    [Fact]
    public async Task A_rich_inventory_is_valid_CycloneDX_1_6()
    {
        await Reports.AssertValidAsync(CycloneDxSchema, Inventories.CycloneDx(Inventories.Rich));
    }

    [Fact]
    public async Task An_empty_inventory_is_valid_CycloneDX_1_6()
    {
        await Reports.AssertValidAsync(CycloneDxSchema, Inventories.CycloneDx(Inventories.Empty));
    }

    [Fact]
    public async Task A_rich_inventory_is_valid_SPDX_2_3()
    {
        await Reports.AssertValidAsync(SpdxSchema, Inventories.Spdx(Inventories.Rich));
    }

    [Fact]
    public async Task An_empty_inventory_is_valid_SPDX_2_3()
    {
        await Reports.AssertValidAsync(SpdxSchema, Inventories.Spdx(Inventories.Empty));
    }

    [Fact]
    public async Task The_CycloneDX_schema_resolves_its_references_locally_and_rejects_a_bad_bom()
    {
        // A license id outside spdx.schema.json's enum and a signature: both checks go through the vendored refs.
        JsonNode bom = JsonNode.Parse(Inventories.CycloneDx(Inventories.Rich))!;
        bom["components"]![1]!["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = "MIT" } });
        await Reports.AssertValidAsync(CycloneDxSchema, bom.ToJsonString());

        bom["components"]![1]!["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = "Not-A-License" } });
        bom["bomFormat"] = "SPDX";
        string[] errors = await Reports.ValidateAsync(CycloneDxSchema, bom.ToJsonString());
        Assert.Contains(errors, e => e.Contains("bomFormat", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("licenses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_SPDX_schema_rejects_a_package_without_a_download_location_and_an_unknown_relationship()
    {
        JsonNode document = JsonNode.Parse(Inventories.Spdx(Inventories.Rich))!;
        document["packages"]![1]!.AsObject().Remove("downloadLocation");
        document["relationships"]![0]!["relationshipType"] = "OWNS";
        string[] errors = await Reports.ValidateAsync(SpdxSchema, document.ToJsonString());
        Assert.Contains(errors, e => e.Contains("downloadLocation", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("relationshipType", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bom_from_broken_inputs_is_still_valid()
    {
        var image = new InMemoryImage(new Dictionary<string, byte[]?>
        {
            ["etc/os-release"] = Encoding.UTF8.GetBytes("ID=debian\nVERSION_ID=\"12\"\n"),
            ["var/lib/dpkg/status"] = Encoding.UTF8.GetBytes("Package: ok\nVersion: 1\nStatus: install ok installed\n\ngarbage without colon\nVersion: 2\n"),
            ["var/lib/chisel/manifest.wall"] = Encoding.UTF8.GetBytes("not zstd"),
            ["lib/apk/db/installed"] = [0, 1, 2, 3],
        });
        SbomReadResult<ImageContents> contents = ImageInventoryReader.Read(image);
        using var assets = Inventories.Text("{ \"targets\": ");
        SbomReadResult<NuGetAssets> packages = NuGetAssetsReader.Read(assets, "/src/obj/project.assets.json", new NuGetAssetsTarget("net10.0"), _ => null);
        var inventory = new SbomInventory(Inventories.Empty.Image, new SbomApplication("App", "1.0.0"), [.. contents.Value.Components, .. packages.Value.Packages])
        {
            OperatingSystem = contents.Value.OperatingSystem,
        };

        Assert.NotEmpty(contents.Findings);
        Assert.NotEmpty(packages.Findings);
        Assert.Single(inventory.Components);
        await Reports.AssertValidAsync(CycloneDxSchema, Inventories.CycloneDx(inventory));
        await Reports.AssertValidAsync(SpdxSchema, Inventories.Spdx(inventory));
    }
}
