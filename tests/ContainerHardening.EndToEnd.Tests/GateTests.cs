using System.Formats.Tar;
using System.Text.Json;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>Nothing insecure leaves the machine: validation before push, a normalized reproducible app layer, safe transport.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class GateTests(LocalPackageFeed feed, LocalRegistry registry)
{
    [Fact]
    public void A_publish_that_fails_validation_pushes_nothing()
    {
        string repository = Repository("gate-fail");
        CreatedProject project = TestProject.Web("GateFail")
            .WithFile("container-hardening.yml", "options:\n  allowedBaseRegistries: [mcr.microsoft.com]\n")
            .Create(feed);

        ProcessResult publish = project.Publish(false, $"-p:ContainerRegistry={LocalRegistry.Host}", $"-p:ContainerRepository={repository}");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CH4002", publish.Output, StringComparison.Ordinal);
        Assert.False(registry.HasTag(repository, "latest"), "an image that failed validation must not reach the registry");
    }

    [Fact]
    public void A_passing_publish_pushes_a_root_owned_app_layer_with_0644_files_and_0755_executables_only()
    {
        string repository = Repository("gate-pass");
        CreatedProject project = TestProject.Web("GatePass").Create(feed);

        ProcessResult publish = project.Publish(false, $"-p:ContainerRegistry={LocalRegistry.Host}", $"-p:ContainerRepository={repository}");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        IReadOnlyList<TarEntry> entries = registry.GetAppLayerEntries(repository, "latest");
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.All(entries.Where(e => e.EntryType == TarEntryType.Directory), e => Assert.Equal((UnixFileMode)0b111_101_101, e.Mode));
        TarEntry appHost = Assert.Single(entries, e => e.Name.TrimStart('.', '/') == "app/GatePass");
        Assert.Equal((UnixFileMode)0b111_101_101, appHost.Mode);
        Assert.All(
            entries.Where(e => e.EntryType == TarEntryType.RegularFile && e != appHost),
            e => Assert.Equal((UnixFileMode)0b110_100_100, e.Mode));

        using JsonDocument image = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "image.json")));
        string digest = image.RootElement.GetProperty("digest").GetString()!;
        Assert.Equal(digest, registry.GetManifestDigest(repository, "latest"));
        Assert.Equal($"{LocalRegistry.Host}/{repository}@{digest}", image.RootElement.GetProperty("pinnedReference").GetString());

        // The SBOMs are attached as artifacts referring to the image; this registry has no referrers API, so the
        // client keeps the sha256-<hex> tag index that referrer-aware tools fall back to.
        Assert.Equal(2, image.RootElement.GetProperty("sbomReferences").GetArrayLength());
        Assert.True(registry.HasTag(repository, "sha256-" + digest["sha256:".Length..]));
    }

    [Fact]
    public void A_multi_rid_publish_pushes_an_index_of_images_each_normalized_validated_and_described()
    {
        string repository = Repository("multi-rid");
        // The local arm64 base has no `dotnet` muxer (none is obtainable for arm64 here; see build/test-env.sh), so
        // the app starts from its apphost, which needs no muxer on any platform.
        CreatedProject project = TestProject.Web("MultiRid")
            .WithProperty("RuntimeIdentifiers", "linux-x64;linux-arm64")
            .WithItem("ContainerAppCommand", "/app/MultiRid")
            .Create(feed);

        ProcessResult publish = project.Publish(false, $"-p:ContainerRegistry={LocalRegistry.Host}", $"-p:ContainerRepository={repository}");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.DoesNotContain("CH0006", publish.Output, StringComparison.Ordinal);
        JsonElement index = registry.GetRawJson(repository, "latest");
        string[] platforms = index.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()!).ToArray();
        Assert.Equal(["amd64", "arm64"], platforms);
        foreach ((string rid, JsonElement entry) in new[] { "linux-x64", "linux-arm64" }.Zip(index.GetProperty("manifests").EnumerateArray()))
        {
            string digest = entry.GetProperty("digest").GetString()!;
            Assert.Equal(digest, registry.GetManifestDigest(repository, "latest-" + rid));
            IReadOnlyList<TarEntry> app = registry.GetAppLayerEntries(repository, digest);
            Assert.All(app, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
            Assert.Equal((UnixFileMode)0b110_100_100, Assert.Single(app, e => e.Name.TrimStart('.', '/') == "app/MultiRid.dll").Mode);
            Assert.DoesNotContain(app, e => e.Name.EndsWith(".pdb", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", rid, "sbom.cdx.json")));
            Assert.True(registry.HasTag(repository, "sha256-" + digest["sha256:".Length..]), "each platform's image has its SBOMs attached");
        }

        using JsonDocument image = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "image.json")));
        Assert.Equal(registry.GetManifestDigest(repository, "latest"), image.RootElement.GetProperty("digest").GetString());
        Assert.Equal(["linux-x64", "linux-arm64"], image.RootElement.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("runtimeIdentifier").GetString()));
        Assert.Equal(4, image.RootElement.GetProperty("sbomReferences").GetArrayLength());
    }

    [Fact]
    public void A_multi_rid_publish_to_an_archive_writes_the_checked_index_with_each_platforms_sboms_beside_it()
    {
        CreatedProject project = TestProject.Web("MultiRidArchive")
            .WithProperty("RuntimeIdentifiers", "linux-x64;linux-arm64")
            .WithItem("ContainerAppCommand", "/app/MultiRidArchive")
            .Create(feed);

        ProcessResult publish = project.Publish(true);

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Equal(["amd64", "arm64"], ImageArchive.ReadTopManifest(project.ArchivePath).GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()));

        string stem = Path.Combine(project.Directory, "image");
        Assert.True(File.Exists(stem + ".linux-x64.sbom.cdx.json"));
        Assert.True(File.Exists(stem + ".linux-arm64.sbom.spdx.json"));
    }

    [Fact]
    public void A_multi_rid_publish_whose_arm64_image_cannot_start_pushes_no_platform_and_names_the_one_that_failed()
    {
        string repository = Repository("multi-rid-fail");
        // The SDK's entrypoint for a framework-dependent app is `dotnet App.dll`; the local arm64 base lacks `dotnet`.
        CreatedProject project = TestProject.Web("MultiRidFail").WithProperty("RuntimeIdentifiers", "linux-x64;linux-arm64").Create(feed);

        ProcessResult publish = project.Publish(false, $"-p:ContainerRegistry={LocalRegistry.Host}", $"-p:ContainerRepository={repository}");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CH1007: [linux-arm64] The image's entrypoint 'dotnet'", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[linux-x64]", publish.Output, StringComparison.Ordinal);
        Assert.False(registry.HasTag(repository, "latest"));
        Assert.False(registry.HasTag(repository, "latest-linux-x64"));
        Assert.False(registry.HasTag(repository, "latest-linux-arm64"));
    }

    [Fact]
    public void A_multi_rid_image_loaded_into_a_local_daemon_says_with_CH0006_that_it_is_not_checked()
    {
        CreatedProject project = TestProject.Web("MultiRidDaemon").WithProperty("RuntimeIdentifiers", "linux-x64").Create(feed);

        ProcessResult publish = project.Publish(false, "-p:LocalRegistry=Podman", "-p:ContainerRepository=multi-rid-daemon");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Contains("warning CH0006", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_clean_publishes_at_different_times_in_different_folders_give_the_same_image_digest()
    {
        string[] reproducible = ["-p:SOURCE_DATE_EPOCH=1700000000", "-p:ContinuousIntegrationBuild=true", "-p:ContainerRepository=repro"];
        // Two clones of one commit: the compiler maps their different folders to /_/ under ContinuousIntegrationBuild.
        CreatedProject first = TestProject.Web("Repro").InGitRepository().Create(feed);
        CreatedProject second = TestProject.Web("Repro").InGitRepository().Create(feed);

        ProcessResult one = first.Publish(true, reproducible);
        Thread.Sleep(TimeSpan.FromSeconds(2));
        ProcessResult two = second.Publish(true, reproducible);

        Assert.True(one.ExitCode == 0, one.Tail);
        Assert.True(two.ExitCode == 0, two.Tail);
        Assert.NotEqual(first.Directory, second.Directory);
        Assert.Equal(ImageDigest(first), ImageDigest(second));
        Assert.Equal(File.ReadAllBytes(first.ArchivePath), File.ReadAllBytes(second.ArchivePath));
    }

    [Fact]
    public void Plain_http_to_a_registry_outside_the_allow_list_is_refused_with_CH4010()
    {
        CreatedProject project = TestProject.Web("GateInsecure").Create(feed);

        ProcessResult publish = project.Publish(
            false, "-p:ContainerRegistry=registry.invalid:5000", "-p:ContainerRepository=insecure",
            "-p:DOTNET_CONTAINER_INSECURE_REGISTRIES=registry.invalid:5000");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CH4010", publish.Output, StringComparison.Ordinal);
    }

    private string Repository(string name) => $"e2e/{name}-{feed.Version.Replace('.', '-')}";

    private static string ImageDigest(CreatedProject project)
    {
        using JsonDocument image = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "image.json")));
        return image.RootElement.GetProperty("digest").GetString()!;
    }
}
