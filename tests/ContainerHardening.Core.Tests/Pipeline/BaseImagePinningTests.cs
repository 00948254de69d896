using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Pipeline;
using ContainerHardening.Registry;
using ContainerHardening.Tests.Image;
using ContainerHardening.Tests.Registry;
using static ContainerHardening.Tests.Registry.RegistryTestSupport;

namespace ContainerHardening.Tests.Pipeline;

/// <summary>
/// First publish records, later publishes reuse, an update refreshes, CI only reads; the lock is keyed by the
/// reference the project names while the digest comes from the mirror that serves it.
/// </summary>
public sealed class BaseImagePinningTests : ImageFixture
{
    private const string Aspnet = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled";
    private static readonly string OldDigest = "sha256:" + new string('0', 64);

    private readonly FakeRegistry _registry = new();

    [Fact]
    public async Task Without_an_entry_the_tag_is_resolved_at_the_mirror_and_recorded_under_the_reference_the_project_names()
    {
        string digest = AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled").Manifest.Digest;

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project });

        Assert.Equal(Aspnet + "@" + digest, result.BaseImage);
        Assert.Empty(result.Findings);
        Assert.Contains("recorded in " + LockFile, result.Message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { [Aspnet] = digest }, BaseImageLock.Read(LockFile)!.Digests);
        Assert.All(_registry.Requests, r => Assert.Equal(FakeRegistry.Host, r.Uri.Host));
    }

    [Fact]
    public async Task The_digest_of_a_multi_platform_tag_is_the_index_digest_the_sdk_pulls()
    {
        RegistryDescriptor amd64 = AddImage(_registry, "dotnet/aspnet", null, "amd64").Manifest;
        RegistryDescriptor arm64 = AddImage(_registry, "dotnet/aspnet", null, "arm64", "v8").Manifest;
        RegistryDescriptor index = _registry.AddManifest("dotnet/aspnet", "10.0", RegistryManifestWriter.Index([amd64, arm64]), RegistryMediaTypes.OciIndex);

        BaseImagePinResult result = await Pin(new() { BaseImage = $"{FakeRegistry.Host}/dotnet/aspnet:10.0", LockFile = LockFile, ProjectDirectory = Project });

        Assert.Equal($"{FakeRegistry.Host}/dotnet/aspnet:10.0@{index.Digest}", result.BaseImage);
    }

    [Fact]
    public async Task A_locked_reference_is_pinned_without_asking_the_registry_even_when_the_tag_has_moved()
    {
        AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled");
        BaseImageLock.Empty.With(BaseImageReference.Parse(Aspnet), OldDigest).Write(LockFile);
        DateTime written = File.GetLastWriteTimeUtc(LockFile);

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project });

        Assert.Equal(Aspnet + "@" + OldDigest, result.BaseImage);
        Assert.Equal($"ContainerHardening: base image {Aspnet} pinned to {OldDigest} by {LockFile}", result.Message);
        Assert.Empty(_registry.Requests);
        Assert.Equal(written, File.GetLastWriteTimeUtc(LockFile));
    }

    [Fact]
    public async Task An_update_resolves_the_tag_again_and_rewrites_only_its_own_entry()
    {
        string digest = AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled").Manifest.Digest;
        BaseImageLock.Empty
            .With(BaseImageReference.Parse(Aspnet), OldDigest)
            .With(BaseImageReference.Parse("ubuntu:24.04"), OldDigest)
            .Write(LockFile);

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project, Update = true, RecordMissing = false });

        Assert.Equal(Aspnet + "@" + digest, result.BaseImage);
        Assert.Equal($"ContainerHardening: base image {Aspnet} moved from {OldDigest} to {digest}; {LockFile} updated", result.Message);
        Assert.Equal(new Dictionary<string, string> { ["docker.io/library/ubuntu:24.04"] = OldDigest, [Aspnet] = digest }, BaseImageLock.Read(LockFile)!.Digests);
    }

    [Fact]
    public async Task An_update_that_finds_the_same_digest_says_so_and_leaves_the_file_alone()
    {
        string digest = AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled").Manifest.Digest;
        BaseImageLock.Empty.With(BaseImageReference.Parse(Aspnet), digest).Write(LockFile);
        File.SetLastWriteTimeUtc(LockFile, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project, Update = true });

        Assert.Contains("still resolves to " + digest, result.Message, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(LockFile));
    }

    [Fact]
    public async Task A_build_that_does_not_record_leaves_a_missing_entry_missing_and_the_tag_in_charge()
    {
        AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled");

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project, RecordMissing = false });

        Assert.Equal(Aspnet, result.BaseImage);
        Assert.Empty(result.Findings);
        Assert.Contains("does not record one", result.Message, StringComparison.Ordinal);
        Assert.Empty(_registry.Requests);
        Assert.False(File.Exists(LockFile));
    }

    [Fact]
    public async Task A_base_image_the_project_pins_by_digest_is_never_touched()
    {
        string pinned = Aspnet + "@" + OldDigest;

        BaseImagePinResult result = await Pin(new() { BaseImage = pinned, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project, Update = true });

        Assert.Equal(pinned, result.BaseImage);
        Assert.Null(result.Message);
        Assert.Empty(_registry.Requests);
        Assert.False(File.Exists(LockFile));
    }

    [Fact]
    public async Task A_relative_lock_file_is_found_next_to_the_project()
    {
        string digest = AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled").Manifest.Digest;

        await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = "locks/base.lock.json", ProjectDirectory = Project });

        Assert.Equal(digest, BaseImageLock.Read(Path.Combine(Project, "locks", "base.lock.json"))!.DigestFor(BaseImageReference.Parse(Aspnet)));
    }

    [Fact]
    public async Task A_registry_failure_while_recording_is_a_warning_naming_the_registry_and_the_publish_goes_on_by_tag()
    {
        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project });

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal((DiagnosticIds.RegistryNotFound, Severity.Warning), (finding.Rule.Id, finding.Severity));
        Assert.Contains(FakeRegistry.Host, finding.Message, StringComparison.Ordinal);
        Assert.Equal(Aspnet, result.BaseImage);
        Assert.False(File.Exists(LockFile));
    }

    [Fact]
    public async Task A_registry_failure_during_an_update_is_an_error_and_never_shows_the_credential()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Basic };
        AddImage(registry, "dotnet/aspnet", "10.0-noble-chiseled");
        BaseImageLock.Empty.With(BaseImageReference.Parse(Aspnet), OldDigest).Write(LockFile);
        using RegistryClient client = Client(registry, new StaticCredentials(FakeRegistry.Host, registry.Username, "wrong-PASSWORD-value"));

        BaseImagePinResult result = await BaseImagePinning.PinAsync(
            new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project, Update = true },
            async (reference, cancel) => (await client.GetManifestAsync(reference, cancel)).Digest);

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal((DiagnosticIds.RegistryAuthenticationFailed, Severity.Error), (finding.Rule.Id, finding.Severity));
        Assert.Contains(FakeRegistry.Host, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-PASSWORD-value", finding.Message, StringComparison.Ordinal);
        Assert.Equal(OldDigest, BaseImageLock.Read(LockFile)!.DigestFor(BaseImageReference.Parse(Aspnet)));
    }

    [Fact]
    public async Task A_damaged_lock_file_is_CH0040_at_its_line_and_nothing_is_resolved_or_written()
    {
        AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled");
        const string Damaged = "{\n  \"version\": 1,\n  \"baseImages\": {\n    \"mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\": \"sha256:short\"\n  }\n}\n";
        File.WriteAllText(LockFile, Damaged);

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = LockFile, ProjectDirectory = Project, Update = true });

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal((DiagnosticIds.BaseImageLockInvalid, Severity.Error), (finding.Rule.Id, finding.Severity));
        Assert.Equal((LockFile, 4), (finding.File, finding.Line));
        Assert.StartsWith($"The base image lock file '{LockFile}' is not valid (line 4): the digest of '{Aspnet}'", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Aspnet, result.BaseImage);
        Assert.Empty(_registry.Requests);
        Assert.Equal(Damaged, File.ReadAllText(LockFile));
    }

    [Fact]
    public async Task A_lock_file_that_cannot_be_written_is_CH0041_and_this_publish_still_uses_the_digest()
    {
        string digest = AddImage(_registry, "dotnet/aspnet", "10.0-noble-chiseled").Manifest.Digest;
        string blocked = Path.Combine(Project, "not-a-folder");
        File.WriteAllText(blocked, "");

        BaseImagePinResult result = await Pin(new() { BaseImage = Aspnet, MirrorRegistry = FakeRegistry.Host, LockFile = Path.Combine(blocked, BaseImageLock.FileName), ProjectDirectory = Project });

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal((DiagnosticIds.BaseImageLockNotWritten, Severity.Warning), (finding.Rule.Id, finding.Severity));
        Assert.Equal(Aspnet + "@" + digest, result.BaseImage);
    }

    private string Project => Path.GetDirectoryName(PathFor("x"))!;

    private string LockFile => PathFor(BaseImageLock.FileName);

    private async Task<BaseImagePinResult> Pin(BaseImagePinRequest request)
    {
        using RegistryClient client = Client(_registry);
        return await BaseImagePinning.PinAsync(request, async (reference, cancel) => (await client.GetManifestAsync(reference, cancel)).Digest);
    }
}
