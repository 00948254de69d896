using System.Text.Json;
using ContainerHardening.Tests.Infrastructure;
using NJsonSchema;

namespace ContainerHardening.Tests;

/// <summary>Every publish writes a CycloneDX 1.6 and an SPDX 2.3 SBOM of the whole image, valid against the official schemas.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class SbomTests(LocalPackageFeed feed)
{
    [Fact]
    public async Task The_sboms_validate_and_list_the_nuget_packages_the_os_packages_and_the_runtime()
    {
        CreatedProject project = TestProject.Web("SbomWeb")
            .WithItem("PackageReference", "Newtonsoft.Json", ("Version", "13.0.3"))
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        string directory = Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening");
        string cycloneDx = File.ReadAllText(Path.Combine(directory, "sbom.cdx.json"));
        string spdx = File.ReadAllText(Path.Combine(directory, "sbom.spdx.json"));
        Assert.Empty((await Schema("bom-1.6.schema.json")).Validate(cycloneDx));
        Assert.Empty((await Schema("spdx-2.3.schema.json")).Validate(spdx));

        string[] purls = JsonDocument.Parse(cycloneDx).RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out _)).Select(c => c.GetProperty("purl").GetString()!).ToArray();
        Assert.Contains("pkg:nuget/Newtonsoft.Json@13.0.3", purls);
        Assert.Contains(purls, p => p.StartsWith("pkg:deb/debian/libc6@", StringComparison.Ordinal));
        Assert.Contains(purls, p => p.StartsWith("pkg:deb/debian/libicu72@", StringComparison.Ordinal));
        Assert.Contains(purls, p => p.StartsWith("pkg:generic/dotnet/Microsoft.AspNetCore.App@", StringComparison.Ordinal));
        Assert.Contains("pkg:nuget/Newtonsoft.Json@13.0.3", spdx, StringComparison.Ordinal);

        // An archive travels on its own, so its SBOMs go beside it.
        Assert.Equal(cycloneDx, File.ReadAllText(Path.Combine(project.Directory, "image.sbom.cdx.json")));
    }

    [Fact]
    public void No_sbom_is_written_when_the_format_is_none()
    {
        CreatedProject project = TestProject.Web("SbomNone").WithProperty("ContainerSbomFormat", "none").Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        string directory = Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening");
        Assert.False(File.Exists(Path.Combine(directory, "sbom.cdx.json")));
        Assert.False(File.Exists(Path.Combine(directory, "sbom.spdx.json")));
    }

    private static Task<JsonSchema> Schema(string name) => JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", name));
}
