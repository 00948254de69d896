using ContainerHardening.Pipeline;
using ContainerHardening.Registry;
using ContainerHardening.Tests.Image;
using ContainerHardening.Tests.Registry;

namespace ContainerHardening.Tests.Pipeline;

public sealed class LayoutPusherTests() : TemporaryFolderTests("layout-pusher-")
{
    [Fact]
    public async Task A_first_push_uploads_every_blob_and_tags_the_manifest()
    {
        FakeRegistry registry = new();
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);

        RegistryDescriptor pushed = await PushAsync(Layout(), FakeRegistry.Repo("app"), ["1.0", "latest"], client, null, default);

        Assert.Equal(pushed.Digest, ContentDigest.Sha256(registry.Manifest("app", "1.0")!.Value.Content));
        Assert.Equal(pushed.Digest, ContentDigest.Sha256(registry.Manifest("app", "latest")!.Value.Content));
        RegistryManifest manifest = new(pushed.MediaType, registry.Manifest("app", pushed.Digest)!.Value.Content);
        Assert.All(manifest.Layers.Append(manifest.Config!), blob => Assert.True(registry.HasBlob("app", blob.Digest)));
    }

    [Fact]
    public async Task Base_layers_are_mounted_from_the_base_repository_and_the_app_layer_and_config_are_uploaded_without_a_mount_attempt()
    {
        FakeRegistry registry = new();
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        string layout = Layout();
        RegistryManifest image = await LayoutPusher.ReadImageAsync(layout, default);
        RegistryDescriptor baseLayer = image.Layers[0];
        await using (FileStream content = File.OpenRead(TestImageBuilder.BlobFile(layout, baseLayer.Digest)))
        {
            await client.PushBlobAsync(FakeRegistry.Repo("base"), baseLayer, content);
        }

        registry.Requests.Clear();

        await PushAsync(layout, FakeRegistry.Repo("app"), ["1.0"], client, "base", default);

        string[] mounts = [.. registry.Requests.Where(r => r.Uri.Query.Contains("mount=", StringComparison.Ordinal)).Select(r => Uri.UnescapeDataString(r.Uri.Query))];
        Assert.Equal([$"?mount={baseLayer.Digest}&from=base"], mounts);
        Assert.True(registry.HasBlob("app", baseLayer.Digest));
        Assert.True(registry.HasBlob("app", image.Layers[1].Digest));
    }

    [Fact]
    public async Task Pushing_an_image_the_repository_holds_checks_the_manifest_and_its_tags_and_only_moves_the_tags_that_name_something_else()
    {
        FakeRegistry registry = new();
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        string layout = Layout();
        await PushAsync(layout, FakeRegistry.Repo("app"), ["1.0"], client, null, default);
        registry.Requests.Clear();

        RegistryDescriptor pushed = await PushAsync(layout, FakeRegistry.Repo("app"), ["1.0", "1.1"], client, null, default);

        string[] requests = [.. registry.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}")];
        Assert.Equal($"HEAD /v2/app/manifests/{pushed.Digest}", requests[0]);
        Assert.Equal(["HEAD /v2/app/manifests/1.0", "HEAD /v2/app/manifests/1.1"], requests[1..3].Order());
        Assert.Equal(["PUT /v2/app/manifests/1.1"], requests[3..]);
        Assert.Equal(pushed.Digest, await client.TagDigestAsync(FakeRegistry.Repo("app"), "1.1"));
    }

    [Fact]
    public async Task Re_pushing_a_multi_platform_image_whose_tags_are_all_in_place_writes_nothing()
    {
        FakeRegistry registry = new();
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        string layout = MultiPlatformLayout();
        RegistryManifest index = await LayoutPusher.ReadImageAsync(layout, default);
        Dictionary<string, IReadOnlyCollection<string>> platformTags = index.Manifests.ToDictionary(
            m => m.Digest, m => (IReadOnlyCollection<string>)[$"1.0-{m.Platform!.Architecture}"]);
        await LayoutPusher.PushAsync(layout, index, FakeRegistry.Repo("app"), ["1.0"], client, null, default, platformTags);
        registry.Requests.Clear();

        await LayoutPusher.PushAsync(layout, index, FakeRegistry.Repo("app"), ["1.0"], client, null, default, platformTags);

        Assert.All(registry.Requests, r => Assert.Equal(HttpMethod.Head, r.Method));
        Assert.Equal(4, registry.Requests.Count);
        Assert.Equal(index.Manifests[1].Digest, await client.TagDigestAsync(FakeRegistry.Repo("app"), "1.0-arm64"));
    }

    [Fact]
    public async Task A_multi_platform_layout_pushes_each_platform_manifest_by_digest_and_tags_the_index()
    {
        FakeRegistry registry = new();
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        RegistryDescriptor pushed = await PushAsync(MultiPlatformLayout(), FakeRegistry.Repo("app"), ["1.0"], client, null, default);

        RegistryManifest index = await client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1.0"));
        Assert.True(index.IsIndex);
        Assert.Equal(pushed.Digest, index.Digest);
        Assert.Equal(["amd64", "arm64"], index.Manifests.Select(m => m.Platform!.Architecture));
        foreach (RegistryDescriptor platform in index.Manifests)
        {
            RegistryManifest manifest = await client.GetManifestAsync(FakeRegistry.Repo("app").WithDigest(platform.Digest));
            Assert.All(manifest.Layers.Append(manifest.Config!), blob => Assert.True(registry.HasBlob("app", blob.Digest)));
        }
    }

    [Fact]
    public async Task Identical_sboms_already_attached_to_the_image_are_not_sent_again()
    {
        FakeRegistry registry = new() { SupportsReferrers = false };
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        RegistryDescriptor image = await PushAsync(Layout(), FakeRegistry.Repo("app"), ["1.0"], client, null, default);
        string[] sboms = [Sbom("app.cdx.json", """{"bomFormat":"CycloneDX"}"""), Sbom("app.spdx.json", """{"spdxVersion":"SPDX-2.3"}""")];
        IReadOnlyList<string> first = await SbomAttacher.AttachAsync(client, FakeRegistry.Repo("app"), image, sboms, default);
        registry.Requests.Clear();

        IReadOnlyList<string> second = await SbomAttacher.AttachAsync(client, FakeRegistry.Repo("app"), image, sboms, default);

        Assert.Equal(first, second);
        Assert.All(registry.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
        Assert.Equal(2, (await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest)).Count);
    }

    [Fact]
    public async Task Without_a_referrers_api_the_sboms_of_an_image_go_into_its_fallback_index_in_one_update()
    {
        FakeRegistry registry = new() { SupportsReferrers = false };
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        RegistryDescriptor image = await PushAsync(Layout(), FakeRegistry.Repo("app"), ["1.0"], client, null, default);
        registry.Requests.Clear();

        IReadOnlyList<string> attached = await SbomAttacher.AttachAsync(
            client, FakeRegistry.Repo("app"), image, [Sbom("app.cdx.json", """{"bomFormat":"CycloneDX"}"""), Sbom("app.spdx.json", """{"spdxVersion":"SPDX-2.3"}""")], default);

        string fallbackTag = "/v2/app/manifests/" + ContentDigest.ReferrersTag(image.Digest);
        Assert.Single(registry.Requests, r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath == fallbackTag);
        Assert.Equal(attached.Order(), (await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest)).Select(r => r.Digest).Order());
    }

    [Fact]
    public async Task A_changed_sbom_is_attached_beside_the_unchanged_one()
    {
        FakeRegistry registry = new();
        using RegistryClient client = RegistryTestSupport.Client(registry, monolithicUploadLimit: 1 << 20);
        RegistryDescriptor image = await PushAsync(Layout(), FakeRegistry.Repo("app"), ["1.0"], client, null, default);
        string spdx = Sbom("app.spdx.json", """{"spdxVersion":"SPDX-2.3"}""");
        await SbomAttacher.AttachAsync(client, FakeRegistry.Repo("app"), image, [Sbom("app.cdx.json", """{"version":1}"""), spdx], default);
        registry.Requests.Clear();

        await SbomAttacher.AttachAsync(client, FakeRegistry.Repo("app"), image, [Sbom("app.cdx.json", """{"version":2}"""), spdx], default);

        Assert.Single(registry.Requests, r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.StartsWith("/v2/app/manifests/", StringComparison.Ordinal));
        Assert.Equal(3, (await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest)).Count);
    }

    /// <summary>Reads the layout's image and pushes it, as the delivery does.</summary>
    private static async Task<RegistryDescriptor> PushAsync(string layout, ImageReference target, string[] tags, RegistryClient client, string? mountFrom, CancellationToken cancellationToken)
    {
        RegistryManifest image = await LayoutPusher.ReadImageAsync(layout, cancellationToken);
        await LayoutPusher.PushAsync(layout, image, target, tags, client, mountFrom, cancellationToken);
        return image.Descriptor;
    }

    private string Layout() =>
        new TestImageBuilder()
            .Layer(l => l.File("usr/lib/libc.so.6", new byte[5000]))
            .Layer(l => l.File("app/App.dll", new byte[3000]))
            .WriteOciDirectory(Path.Combine(Folder, "layout"));

    private string MultiPlatformLayout() =>
        TestImageBuilder.WriteMultiPlatformOciDirectory(
            Path.Combine(Folder, "multi"),
            new TestImageBuilder().Layer(l => l.File("app/App.dll", "x64")),
            new TestImageBuilder().Layer(l => l.File("app/App.dll", "arm64")).Configure(c => c with { Architecture = "arm64" }));

    private string Sbom(string name, string content)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
