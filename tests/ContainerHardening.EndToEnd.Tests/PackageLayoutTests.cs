using System.IO.Compression;
using System.Xml.Linq;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>The exact content of the .nupkg: nothing missing, nothing that leaks into the user's app.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class PackageLayoutTests(LocalPackageFeed feed)
{
    [Fact]
    public void The_package_holds_exactly_the_targets_the_tasks_and_their_dependencies()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath);

        string[] files = package.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("package/", StringComparison.Ordinal) && !name.StartsWith("_rels/", StringComparison.Ordinal)
                           && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
        [
            "ContainerHardening.nuspec",
            "README.md",
            "build/ContainerHardening.props",
            "build/ContainerHardening.targets",
            "buildTransitive/ContainerHardening.props",
            "buildTransitive/ContainerHardening.targets",
            "tasks/net10.0/ContainerHardening.Core.dll",
            "tasks/net10.0/ContainerHardening.Tasks.dll",
            "tasks/net10.0/YamlDotNet.dll",
            "tasks/net10.0/ZstdSharp.dll",
            "tasks/net8.0/ContainerHardening.Core.dll",
            "tasks/net8.0/ContainerHardening.Tasks.dll",
            "tasks/net8.0/YamlDotNet.dll",
            "tasks/net8.0/ZstdSharp.dll",
        ], files);
    }

    [Fact]
    public void The_nuspec_is_a_development_dependency_without_dependencies_and_with_license_and_repository()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath);
        using Stream nuspec = package.GetEntry("ContainerHardening.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.False(string.IsNullOrEmpty(repository.Attribute("commit")?.Value), "SourceLink should stamp the commit");
    }
}
