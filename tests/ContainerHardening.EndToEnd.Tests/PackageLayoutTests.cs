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

    [Fact]
    public void The_dotnet_CLI_runs_the_tasks_precompiled_instead_of_compiling_them_at_startup()
    {
        CreatedProject project = TestProject.Console("ConsolePrecompiledTasks").WithProperty("InvariantGlobalization", "true").Create(feed);
        ProcessResult build = project.Publish();
        Assert.True(build.ExitCode == 0, build.Tail);

        // The runtime lists every method it compiles; without a compile step (and one build node) only MSBuild's process writes the list.
        string compiledMethods = Path.Combine(project.Directory, "jit.txt");
        ProcessResult publish = project.PublishWithEnvironment(
            new Dictionary<string, string?> { ["DOTNET_JitDisasmSummary"] = "1", ["DOTNET_JitStdOutFile"] = compiledMethods },
            "--no-build", "-m:1", "-nodeReuse:false");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        string[] lines = File.ReadAllLines(compiledMethods);
        Assert.Contains(lines, line => line.Contains("JIT compiled Microsoft.Build.", StringComparison.Ordinal));
        // Generic instantiations of the framework's own code over our types cannot be precompiled into our assembly.
        string[] ours = lines.Where(line => line.Contains("JIT compiled ContainerHardening.", StringComparison.Ordinal)).ToArray();
        Assert.True(ours.Length == 0, string.Join('\n', ours.Take(20)));
    }
}
