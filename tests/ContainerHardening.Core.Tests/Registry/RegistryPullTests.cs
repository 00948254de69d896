using System.Net;
using ContainerHardening.Diagnostics;
using ContainerHardening.Registry;
using static ContainerHardening.Tests.Registry.RegistryTestSupport;

namespace ContainerHardening.Tests.Registry;

public class RegistryPullTests
{
    [Fact]
    public async Task Pulls_a_manifest_by_tag_asking_for_every_manifest_type()
    {
        FakeRegistry registry = new();
        (RegistryDescriptor pushed, RegistryDescriptor config, RegistryDescriptor layer) = AddImage(registry, "dotnet/aspnet", "10.0");
        using RegistryClient client = Client(registry);

        RegistryManifest manifest = await client.GetManifestAsync(FakeRegistry.Repo("dotnet/aspnet").WithTag("10.0"));

        Assert.Equal(pushed.Digest, manifest.Digest);
        Assert.Equal(RegistryMediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(config.Digest, manifest.Config!.Digest);
        Assert.Equal(layer.Digest, Assert.Single(manifest.Layers).Digest);
        RecordedRequest get = Assert.Single(registry.Requests);
        Assert.Equal($"https://{FakeRegistry.Host}/v2/dotnet/aspnet/manifests/10.0", get.Uri.ToString());
        Assert.Equal(
            [RegistryMediaTypes.OciIndex, RegistryMediaTypes.OciManifest, RegistryMediaTypes.DockerManifestList, RegistryMediaTypes.DockerManifest],
            get.Accept);
    }

    [Fact]
    public async Task Pulls_by_digest_and_verifies_the_bytes()
    {
        FakeRegistry registry = new();
        RegistryDescriptor pushed = AddImage(registry, "app", null).Manifest;
        using RegistryClient client = Client(registry);

        RegistryManifest manifest = await client.GetManifestAsync(FakeRegistry.Repo("app").WithDigest(pushed.Digest));

        Assert.Equal(pushed.Digest, manifest.Digest);
        Assert.EndsWith("/manifests/" + pushed.Digest, registry.Requests.Single().Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_that_does_not_match_the_pinned_digest_is_CH4014()
    {
        FakeRegistry registry = new();
        RegistryDescriptor pushed = AddImage(registry, "app", null).Manifest;
        registry.CorruptDigest = pushed.Digest;
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithDigest(pushed.Digest)));

        Assert.Equal(DiagnosticIds.RegistryServerError, error.Rule.Id);
        Assert.Contains("not the expected " + pushed.Digest, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tag_is_CH4013_naming_the_reference()
    {
        FakeRegistry registry = new();
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("dotnet/aspnet").WithTag("10.0-typo")));

        Assert.Equal(DiagnosticIds.RegistryNotFound, error.Rule.Id);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal($"The manifest '{FakeRegistry.Host}/dotnet/aspnet:10.0-typo' was not found in the registry '{FakeRegistry.Host}'. Check the repository name, tag and digest, and that the account may see the repository (some registries answer 404 instead of 403).", error.Message);
        Finding finding = error.ToFinding();
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(FakeRegistry.Host, finding.Subject);
    }

    [Fact]
    public async Task A_manifest_over_the_size_limit_is_CH4014_and_not_read_into_memory()
    {
        FakeRegistry registry = new();
        AddImage(registry, "app", "1");
        using RegistryClient client = new(registry, new RegistryClientOptions { MaxManifestSize = 100 });

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryServerError, error.Rule.Id);
        Assert.Contains("the manifest is larger than the 100 bytes a manifest may have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_that_is_not_json_is_CH4014()
    {
        FakeRegistry registry = new();
        registry.AddManifest("app", "1", "<html>proxy login</html>"u8.ToArray(), RegistryMediaTypes.OciManifest);
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryServerError, error.Rule.Id);
        Assert.Contains("the manifest is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_digest_is_a_caller_error_not_a_request()
    {
        FakeRegistry registry = new();
        using RegistryClient client = Client(registry);

        await Assert.ThrowsAsync<ArgumentException>(() => client.BlobExistsAsync(FakeRegistry.Repo("app"), "sha256:../../etc"));
        Assert.Empty(registry.Requests);
    }

    [Theory]
    [InlineData("linux/amd64", "amd64", null)]
    [InlineData("linux/arm64", "arm64", "v8")]
    [InlineData("linux/arm64/v8", "arm64", "v8")]
    [InlineData("linux/arm", "arm", "v7")]
    public async Task Resolves_an_index_to_the_manifest_of_the_platform(string platform, string architecture, string? variant)
    {
        FakeRegistry registry = new();
        RegistryDescriptor[] entries =
        [
            AddImage(registry, "multi", null, "amd64").Manifest with { Platform = new("linux", "amd64") },
            AddImage(registry, "multi", null, "arm64", "v8").Manifest with { Platform = new("linux", "arm64", "v8") },
            AddImage(registry, "multi", null, "arm", "v6").Manifest with { Platform = new("linux", "arm", "v6") },
            AddImage(registry, "multi", null, "arm", "v7").Manifest with { Platform = new("linux", "arm", "v7") },
            AddImage(registry, "multi", null, "unknown").Manifest with { Platform = new("unknown", "unknown") },
        ];
        registry.AddManifest("multi", "1.0", RegistryManifestWriter.Index(entries), RegistryMediaTypes.OciIndex);
        using RegistryClient client = Client(registry);

        RegistryManifest manifest = await client.GetManifestAsync(FakeRegistry.Repo("multi").WithTag("1.0"), RegistryPlatform.Parse(platform));

        RegistryDescriptor expected = entries.Single(e => e.Platform!.Architecture == architecture && e.Platform.NormalizedVariant == variant);
        Assert.Equal(expected.Digest, manifest.Digest);
        Assert.False(manifest.IsIndex);
    }

    [Fact]
    public async Task An_index_without_the_platform_is_CH4013_listing_what_it_offers()
    {
        FakeRegistry registry = new();
        RegistryDescriptor amd64 = AddImage(registry, "multi", null).Manifest with { Platform = new("linux", "amd64") };
        registry.AddManifest("multi", "1.0", RegistryManifestWriter.Index([amd64]), RegistryMediaTypes.OciIndex);
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetManifestAsync(FakeRegistry.Repo("multi").WithTag("1.0"), RegistryPlatform.Parse("linux/s390x")));

        Assert.Equal(DiagnosticIds.RegistryNotFound, error.Rule.Id);
        Assert.StartsWith($"The platform linux/s390x of '{FakeRegistry.Host}/multi:1.0' (the index offers linux/amd64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_a_blob_through_a_redirect_without_sending_the_registry_token_to_the_CDN()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer, RedirectBlobsToCdn = true };
        RegistryDescriptor layer = AddImage(registry, "app", "1").Layer;
        using RegistryClient client = Client(registry);

        await using Stream stream = await client.GetBlobAsync(FakeRegistry.Repo("app"), layer);
        using MemoryStream copy = new();
        await stream.CopyToAsync(copy);

        Assert.Equal(registry.Blob(layer.Digest), copy.ToArray());
        RecordedRequest cdn = registry.Requests.Single(r => r.Uri.Host == FakeRegistry.CdnHost);
        Assert.Null(cdn.Authorization);
        Assert.StartsWith("Bearer ", registry.Requests.Last(r => r.Uri.Host == FakeRegistry.Host).Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_whose_bytes_do_not_match_its_digest_fails_at_the_end_of_the_stream()
    {
        FakeRegistry registry = new();
        RegistryDescriptor layer = AddImage(registry, "app", "1").Layer;
        registry.CorruptDigest = layer.Digest;
        using RegistryClient client = Client(registry);

        await using Stream stream = await client.GetBlobAsync(FakeRegistry.Repo("app"), layer);
        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(DiagnosticIds.RegistryServerError, error.Rule.Id);
        Assert.Contains("not the expected " + layer.Digest, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_blob_is_CH4013()
    {
        FakeRegistry registry = new();
        using RegistryClient client = Client(registry);
        RegistryDescriptor missing = RegistryDescriptor.For("application/octet-stream", [1, 2, 3]);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(FakeRegistry.Repo("app"), missing));

        Assert.Equal(DiagnosticIds.RegistryNotFound, error.Rule.Id);
        Assert.StartsWith($"The blob {missing.Digest} of '{FakeRegistry.Host}/app' was not found", error.Message, StringComparison.Ordinal);
    }
}
