using System.Text;
using ContainerHardening.Diagnostics;
using ContainerHardening.Sbom;

namespace ContainerHardening.Tests.Sbom;

public class NuGetAssetsReaderTests
{
    private const string AssetsPath = "/src/Shop.Api/obj/project.assets.json";

    private static readonly string ContentHash = Convert.ToBase64String(Convert.FromHexString(Inventories.Sha512Hex));

    private static readonly string AssetsJson = """
    {
      "version": 3,
      "targets": {
        "net10.0": {
          "Serilog/4.0.0": { "type": "package", "compile": { "lib/net8.0/Serilog.dll": {} }, "runtime": { "lib/net8.0/Serilog.dll": {} } },
          "Serilog.Sinks.Console/6.0.0": { "type": "package", "dependencies": { "Serilog": "4.0.0" }, "runtime": { "lib/net8.0/Serilog.Sinks.Console.dll": {} } },
          "Meta.Package/1.0.0": { "type": "package", "dependencies": { "Inner.Lib": "2.0.0" } },
          "Inner.Lib/2.0.0": { "type": "package", "runtime": { "lib/net8.0/Inner.Lib.dll": {} } },
          "Microsoft.CodeAnalysis.NetAnalyzers/9.0.0": { "type": "package", "build": { "buildTransitive/Microsoft.CodeAnalysis.NetAnalyzers.props": {} } },
          "Dev.Tool/1.0.0": { "type": "package", "dependencies": { "Dev.Tool.Core": "1.0.0" }, "build": { "build/Dev.Tool.targets": {} } },
          "Dev.Tool.Core/1.0.0": { "type": "package", "runtime": { "lib/net8.0/_._": {} } },
          "Other.Project/1.0.0": { "type": "project", "runtime": { "bin/placeholder/Other.Project.dll": {} } }
        },
        "net10.0/linux-x64": {
          "Serilog/4.0.0": { "type": "package", "runtime": { "lib/net8.0/Serilog.dll": {} } },
          "Native.Lib/1.0.0": { "type": "package", "runtimeTargets": { "runtimes/linux-x64/native/libnative.so": { "assetType": "native", "rid": "linux-x64" } } }
        }
      },
      "libraries": {
        "Serilog/4.0.0": { "sha512": "AAAA", "type": "package", "path": "serilog/4.0.0" },
        "Serilog.Sinks.Console/6.0.0": { "sha512": "CONTENTHASH", "type": "package", "path": "serilog.sinks.console/6.0.0" },
        "Inner.Lib/2.0.0": { "type": "package", "path": "inner.lib/2.0.0" }
      },
      "packageFolders": { "/packages/": {} },
      "project": {
        "version": "1.4.0",
        "restore": { "projectName": "Shop.Api" },
        "frameworks": {
          "net10.0": {
            "targetAlias": "net10.0",
            "dependencies": {
              "Serilog.Sinks.Console": { "target": "Package", "version": "[6.0.0, )" },
              "Meta.Package": { "target": "Package", "version": "[1.0.0, )" },
              "Microsoft.CodeAnalysis.NetAnalyzers": { "target": "Package", "version": "[9.0.0, )", "suppressParent": "All" },
              "Dev.Tool": { "target": "Package", "version": "[1.0.0, )", "suppressParent": "All" }
            }
          }
        }
      }
    }
    """.Replace("CONTENTHASH", ContentHash, StringComparison.Ordinal);

    private static readonly Dictionary<string, string> PackageFiles = new()
    {
        ["/packages/serilog/4.0.0/.nupkg.metadata"] = $$"""{ "version": 2, "contentHash": "{{ContentHash}}", "source": "https://api.nuget.org/v3/index.json" }""",
        ["/packages/serilog/4.0.0/serilog.nuspec"] = """
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>Serilog</id><version>4.0.0</version><license type="expression">Apache-2.0</license><licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl></metadata>
            </package>
            """,
        ["/packages/serilog.sinks.console/6.0.0/serilog.sinks.console.nuspec"] = """
            <package><metadata><id>Serilog.Sinks.Console</id><licenseUrl>https://example.com/license</licenseUrl></metadata></package>
            """,
        ["/packages/inner.lib/2.0.0/inner.lib.nuspec"] = "<package><metadata><id>Inner.Lib</id></metadata></package>",
        ["/packages/native.lib/1.0.0/native.lib.nuspec"] = "<package><metadata><license type=\"expression\">MIT",
    };

    [Fact]
    public void Only_packages_with_shipped_assets_are_listed_with_edges_through_meta_packages()
    {
        SbomReadResult<NuGetAssets> result = Read(AssetsJson, new NuGetAssetsTarget("net10.0"));

        Assert.Empty(result.Findings);
        Assert.Equal("Shop.Api", result.Value.ProjectName);
        Assert.Equal("1.4.0", result.Value.ProjectVersion);
        Assert.Equal(["Inner.Lib", "Serilog", "Serilog.Sinks.Console"], result.Value.Packages.Select(p => p.Name));
        SbomComponent console = result.Value.Packages.Single(p => p.Name == "Serilog.Sinks.Console");
        Assert.True(console.IsDirect);
        Assert.Equal(["pkg:nuget/Serilog@4.0.0"], console.DependsOn);
        Assert.Equal(new SbomLicense(Url: "https://example.com/license"), console.License);
        Assert.Equal(Inventories.Sha512Hex, Assert.Single(console.Hashes).Hex);
        Assert.False(result.Value.Packages.Single(p => p.Name == "Serilog").IsDirect);
        Assert.False(result.Value.Packages.Single(p => p.Name == "Inner.Lib").IsDirect);
    }

    [Fact]
    public void Hash_and_license_come_from_the_package_folder()
    {
        SbomComponent serilog = Read(AssetsJson, new NuGetAssetsTarget("net10.0")).Value.Packages.Single(p => p.Name == "Serilog");
        Assert.Equal(new SbomHash(SbomHashAlgorithm.Sha512, Inventories.Sha512Hex), Assert.Single(serilog.Hashes));
        Assert.Equal(new SbomLicense(Expression: "Apache-2.0"), serilog.License);
        Assert.Equal("pkg:nuget/Serilog@4.0.0", serilog.Purl);
    }

    [Fact]
    public void A_nuspec_without_a_license_leaves_it_unknown_and_CH6001_reports_it()
    {
        NuGetAssets assets = Read(AssetsJson, new NuGetAssetsTarget("net10.0")).Value;
        Assert.Null(assets.Packages.Single(p => p.Name == "Inner.Lib").License);

        var inventory = new SbomInventory(Inventories.Empty.Image, null, assets.Packages);
        Finding finding = Assert.Single(SbomChecks.Check(inventory));
        Assert.Equal("CH6001", finding.Rule.Id);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal("Inner.Lib", finding.Subject);
        Assert.Contains("Inner.Lib 2.0.0", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Packages_that_all_have_licenses_give_no_CH6001()
    {
        Assert.Empty(SbomChecks.Check(Inventories.Rich with { Components = [.. Inventories.Rich.Components.Where(c => c.Name != "No.License")] }));
    }

    [Fact]
    public void The_runtime_target_adds_native_packages_and_a_broken_nuspec_is_a_warning()
    {
        SbomReadResult<NuGetAssets> result = Read(AssetsJson, new NuGetAssetsTarget("net10.0", "linux-x64"));

        Assert.Equal(["Native.Lib", "Serilog"], result.Value.Packages.Select(p => p.Name));
        Finding finding = Assert.Single(result.Findings);
        Assert.Equal("CH6002", finding.Rule.Id);
        Assert.Equal("/packages/native.lib/1.0.0/native.lib.nuspec", finding.File);
        Assert.Null(result.Value.Packages.Single(p => p.Name == "Native.Lib").License);
    }

    [Fact]
    public void A_private_assets_reference_that_ships_a_dll_is_still_listed()
    {
        // PrivateAssets="all" (suppressParent All) only hides a package from projects that reference this one; publish
        // still copies its runtime assets, so leaving it out would hide a shipped DLL from scanners.
        const string json = """
            { "targets": { "net10.0": {
                "Embedded.Lib/1.0.0": { "type": "package", "runtime": { "lib/net8.0/Embedded.Lib.dll": {} } },
                "Build.Only/1.0.0": { "type": "package", "build": { "build/Build.Only.targets": {} } } } },
              "project": { "frameworks": { "net10.0": { "dependencies": {
                "Embedded.Lib": { "target": "Package", "suppressParent": "All" },
                "Build.Only": { "target": "Package", "suppressParent": "All" } } } } } }
            """;
        SbomComponent embedded = Assert.Single(Read(json, new NuGetAssetsTarget("net10.0")).Value.Packages);
        Assert.Equal("Embedded.Lib", embedded.Name);
        Assert.True(embedded.IsDirect);
    }

    [Fact]
    public void Without_a_framework_the_only_one_is_used()
    {
        Assert.Equal(3, Read(AssetsJson, new NuGetAssetsTarget()).Value.Packages.Count);
    }

    [Theory]
    [InlineData("{ \"targets\": ", "not valid JSON")]
    [InlineData("[1, 2]", "no targets section")]
    [InlineData("{ \"version\": 3 }", "no targets section")]
    public void Malformed_files_give_a_warning_naming_the_file_and_no_packages(string json, string expected)
    {
        SbomReadResult<NuGetAssets> result = Read(json, new NuGetAssetsTarget("net10.0"));

        Assert.Empty(result.Value.Packages);
        Finding finding = Assert.Single(result.Findings);
        Assert.Equal("CH6002", finding.Rule.Id);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(AssetsPath, finding.File);
        Assert.Contains(AssetsPath, finding.Message, StringComparison.Ordinal);
        Assert.Contains(expected, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_framework_the_file_was_not_restored_for_is_named_with_the_ones_it_has()
    {
        Finding finding = Assert.Single(Read(AssetsJson, new NuGetAssetsTarget("net9.0")).Findings);
        Assert.Contains("no target 'net9.0'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'net10.0/linux-x64'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_entry_is_skipped_and_the_rest_read()
    {
        SbomReadResult<NuGetAssets> result = Read("""{ "targets": { "net10.0": { "NoSlash": {}, "A/1.0.0": { "type": "package", "runtime": { "lib/A.dll": {} } } } } }""", new NuGetAssetsTarget("net10.0"));
        Assert.Equal("A", Assert.Single(result.Value.Packages).Name);
        Assert.Contains("'NoSlash'", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_package_folder_leaves_hash_and_license_to_the_assets_file()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(AssetsJson));
        SbomReadResult<NuGetAssets> result = NuGetAssetsReader.Read(stream, AssetsPath, new NuGetAssetsTarget("net10.0"), _ => throw new UnauthorizedAccessException("denied"));

        Assert.Equal(3, result.Value.Packages.Count);
        Assert.Equal(Inventories.Sha512Hex, Assert.Single(result.Value.Packages.Single(p => p.Name == "Serilog.Sinks.Console").Hashes).Hex);
        Assert.All(result.Value.Packages, p => Assert.Null(p.License));
    }

    [Fact]
    public void A_missing_assets_file_is_a_warning()
    {
        string path = Path.Combine(Path.GetTempPath(), "ch-" + Guid.NewGuid().ToString("N"), "project.assets.json");
        SbomReadResult<NuGetAssets> result = NuGetAssetsReader.Read(path, new NuGetAssetsTarget("net10.0"));
        Assert.Empty(result.Value.Packages);
        Assert.Equal(path, Assert.Single(result.Findings).File);
    }

    private static SbomReadResult<NuGetAssets> Read(string json, NuGetAssetsTarget target)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return NuGetAssetsReader.Read(stream, AssetsPath, target, path => PackageFiles.TryGetValue(path, out string? text) ? new MemoryStream(Encoding.UTF8.GetBytes(text)) : null);
    }
}
