using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>
/// container-hardening.lock.json: the first publish records the base image's digest, later publishes reuse it even
/// after the tag moved, ContainerHardeningUpdateLock moves it, CI only reads it, and a damaged file stops the publish.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class LockFileTests(LocalPackageFeed feed, LocalRegistry registry)
{
    private const string BaseDigestLabel = "org.opencontainers.image.base.digest";
    private const string BaseNameLabel = "org.opencontainers.image.base.name";
    private const string Tag = "10.0-noble-chiseled";

    /// <summary>Whatever the machine running the tests says about CI, these publishes run as a developer's would.</summary>
    private static readonly string[] OutsideCi = ["-p:CI=false", "-p:CONTINUOUS_INTEGRATION=false", "-p:TF_BUILD=false", "-p:ContinuousIntegrationBuild=false"];

    [Fact]
    public void The_first_publish_records_the_base_digest_later_publishes_keep_it_after_the_tag_moved_and_an_update_moves_it()
    {
        // A repository of its own: moving its tag disturbs no other test.
        string repository = $"locktest-{Guid.NewGuid():N}/aspnet";
        string baseImage = $"{LocalRegistry.Host}/{repository}:{Tag}";
        registry.CopyImage("dotnet/aspnet", Tag, repository, Tag);
        string original = registry.GetManifestDigest(repository, Tag);
        CreatedProject project = TestProject.Web("LockedBase")
            .WithProperty("InvariantGlobalization", "true")
            .WithProperty("ContainerBaseImage", baseImage)
            .Create(feed);

        ProcessResult first = project.Publish(true, OutsideCi);

        Assert.True(first.ExitCode == 0, first.Tail);
        Assert.Equal(LockFile(baseImage, original), File.ReadAllText(LockPath(project)));
        Assert.Contains($"ContainerHardening: base image {baseImage} resolved to {original} and recorded in {LockPath(project)}", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CH4001", first.Output, StringComparison.Ordinal);
        // The lock pins what the tag names (an index); the SDK's label names the platform image it built on.
        Assert.Equal(registry.GetAmd64ManifestDigest(repository, original), project.ReadImage().Label(BaseDigestLabel));
        Assert.Equal($"{baseImage}@{original}", project.ReadImage().Label(BaseNameLabel));

        registry.CopyImage("dotnet/aspnet", Tag + "-extra", repository, Tag);
        string moved = registry.GetManifestDigest(repository, Tag);
        Assert.NotEqual(original, moved);

        ProcessResult second = project.Publish(true, OutsideCi);

        Assert.True(second.ExitCode == 0, second.Tail);
        Assert.Contains($"ContainerHardening: base image {baseImage} pinned to {original} by {LockPath(project)}", second.Output, StringComparison.Ordinal);
        Assert.Equal(registry.GetAmd64ManifestDigest(repository, original), project.ReadImage().Label(BaseDigestLabel));
        Assert.Equal(LockFile(baseImage, original), File.ReadAllText(LockPath(project)));
        Assert.DoesNotContain(project.ReadImage().AppLayer, e => e.Path.EndsWith("container-hardening.lock.json", StringComparison.Ordinal));

        ProcessResult third = project.Publish(true, [.. OutsideCi, "-p:ContainerHardeningUpdateLock=true"]);

        Assert.True(third.ExitCode == 0, third.Tail);
        Assert.Contains($"ContainerHardening: base image {baseImage} moved from {original} to {moved}", third.Output, StringComparison.Ordinal);
        Assert.Equal(registry.GetAmd64ManifestDigest(repository, moved), project.ReadImage().Label(BaseDigestLabel));
        Assert.Equal(LockFile(baseImage, moved), File.ReadAllText(LockPath(project)));
    }

    [Fact]
    public void The_lock_is_keyed_by_the_reference_the_project_names_while_the_digest_comes_from_the_mirror()
    {
        const string Default = "mcr.microsoft.com/dotnet/aspnet:" + Tag;
        CreatedProject project = TestProject.Web("LockedMirror").WithProperty("InvariantGlobalization", "true").Create(feed);

        ProcessResult publish = project.Publish(true, OutsideCi);

        Assert.True(publish.ExitCode == 0, publish.Tail);
        string digest = registry.GetManifestDigest("dotnet/aspnet", Tag);
        Assert.Equal(LockFile(Default, digest), File.ReadAllText(LockPath(project)));
        Assert.Equal($"{LocalRegistry.Host}/dotnet/aspnet:{Tag}@{digest}", project.ReadImage().Label(BaseNameLabel));
        string sbom = File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "sbom.cdx.json"));
        Assert.Contains(digest, sbom, StringComparison.Ordinal);
        Assert.DoesNotContain("CH4001", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ci_build_without_an_entry_writes_no_lock_and_CH4001_says_the_base_follows_its_tag()
    {
        CreatedProject project = TestProject.Web("LockedCi").WithProperty("InvariantGlobalization", "true").Create(feed);

        ProcessResult publish = project.Publish(true, "-p:CI=true");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.False(File.Exists(LockPath(project)), "a CI build must not write the lock");
        Assert.Contains("and this build does not record one (ContainerHardeningWriteLock is false, the default in CI)", publish.Output, StringComparison.Ordinal);
        Assert.Contains($"warning CH4001: The base image '{LocalRegistry.Host}/dotnet/aspnet:{Tag}' is referenced by tag only", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_lock_file_fails_the_publish_with_CH0040_at_its_line()
    {
        CreatedProject project = TestProject.Web("LockedDamaged")
            .WithProperty("InvariantGlobalization", "true")
            .WithFile("container-hardening.lock.json", "{\n  \"version\": 1,\n  \"baseImages\": {\n<<<<<<< HEAD\n  }\n}\n")
            .Create(feed);

        ProcessResult publish = project.Publish(true, OutsideCi);

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("container-hardening.lock.json(4,1): error CH0040: The base image lock file", publish.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(project.ArchivePath), "nothing is built on a base image the lock cannot vouch for");
    }

    private static string LockPath(CreatedProject project) => Path.Combine(project.Directory, "container-hardening.lock.json");

    private static string LockFile(string reference, string digest) =>
        $"{{\n  \"version\": 1,\n  \"baseImages\": {{\n    \"{reference}\": \"{digest}\"\n  }}\n}}\n";
}
