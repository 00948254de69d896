using System.Net;
using System.Text;
using ContainerHardening.Registry;
using static ContainerHardening.Tests.Registry.RegistryTestSupport;

namespace ContainerHardening.Tests.Registry;

public class RegistryPushTests
{
    [Fact]
    public async Task A_large_blob_is_uploaded_in_chunks_with_contiguous_content_ranges()
    {
        FakeRegistry registry = new();
        byte[] content = RandomBytes(2500);
        RegistryDescriptor blob = RegistryDescriptor.For(RegistryMediaTypes.OctetStream, content);
        using RegistryClient client = Client(registry, chunkSize: 1000, monolithicUploadLimit: 1000);

        BlobPushOutcome outcome = await client.PushBlobAsync(FakeRegistry.Repo("app"), blob, new MemoryStream(content));

        Assert.Equal(BlobPushOutcome.UploadedChunked, outcome);
        Assert.Equal(content, registry.Blob(blob.Digest));
        Assert.True(registry.HasBlob("app", blob.Digest));
        RecordedRequest[] patches = registry.Requests.Where(r => r.Method == HttpMethod.Patch).ToArray();
        Assert.Equal(["0-999", "1000-1999", "2000-2499"], patches.Select(p => p.ContentRange));
        Assert.Equal([1000, 1000, 500], patches.Select(p => p.BodyLength));
        Assert.All(patches, p => Assert.Equal(RegistryMediaTypes.OctetStream, p.ContentType));
        RecordedRequest commit = registry.Requests.Last();
        Assert.Equal(HttpMethod.Put, commit.Method);
        Assert.Equal(0, commit.BodyLength);
        // The upload session's own query (_state) is kept and the digest is added to it.
        Assert.Contains("_state=s2500&digest=sha256%3A", commit.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_blob_is_uploaded_in_one_put()
    {
        FakeRegistry registry = new();
        byte[] content = RandomBytes(300);
        RegistryDescriptor blob = RegistryDescriptor.For(RegistryMediaTypes.OctetStream, content);
        using RegistryClient client = Client(registry);

        BlobPushOutcome outcome = await client.PushBlobAsync(FakeRegistry.Repo("app"), blob, new MemoryStream(content));

        Assert.Equal(BlobPushOutcome.UploadedMonolithic, outcome);
        Assert.Equal(["HEAD", "POST", "PUT"], registry.Requests.Select(r => r.Method.Method));
        Assert.Equal(300, registry.Requests.Last().BodyLength);
        Assert.Equal(content, registry.Blob(blob.Digest));
    }

    [Fact]
    public async Task A_blob_the_repository_has_is_not_sent_again()
    {
        FakeRegistry registry = new();
        RegistryDescriptor layer = AddImage(registry, "app", "1").Layer;
        using RegistryClient client = Client(registry);

        BlobPushOutcome outcome = await client.PushBlobAsync(FakeRegistry.Repo("app"), layer, new MemoryStream(registry.Blob(layer.Digest)!));

        Assert.Equal(BlobPushOutcome.AlreadyExists, outcome);
        Assert.Equal(HttpMethod.Head, Assert.Single(registry.Requests).Method);
    }

    [Fact]
    public async Task A_blob_of_another_repository_is_mounted_without_an_upload()
    {
        FakeRegistry registry = new();
        RegistryDescriptor layer = AddImage(registry, "dotnet/aspnet", "10.0").Layer;
        using RegistryClient client = Client(registry);

        BlobPushOutcome outcome = await client.PushBlobAsync(FakeRegistry.Repo("team/app"), layer, Stream.Null, mountFrom: "dotnet/aspnet");

        Assert.Equal(BlobPushOutcome.Mounted, outcome);
        Assert.True(registry.HasBlob("team/app", layer.Digest));
        RecordedRequest mount = registry.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Equal($"/v2/team/app/blobs/uploads/?mount={Uri.EscapeDataString(layer.Digest)}&from=dotnet%2Faspnet", mount.Uri.PathAndQuery);
        Assert.DoesNotContain(registry.Requests, r => r.Method == HttpMethod.Put || r.Method == HttpMethod.Patch);
    }

    [Fact]
    public async Task A_refused_mount_falls_back_to_uploading_in_the_session_the_registry_opened()
    {
        FakeRegistry registry = new() { AllowMount = false };
        RegistryDescriptor layer = AddImage(registry, "dotnet/aspnet", "10.0").Layer;
        byte[] content = registry.Blob(layer.Digest)!;
        using RegistryClient client = Client(registry, chunkSize: 4096, monolithicUploadLimit: 4096);

        BlobPushOutcome outcome = await client.PushBlobAsync(FakeRegistry.Repo("team/app"), layer, new MemoryStream(content), mountFrom: "dotnet/aspnet");

        Assert.Equal(BlobPushOutcome.UploadedMonolithic, outcome);
        Assert.True(registry.HasBlob("team/app", layer.Digest));
        Assert.Single(registry.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task Content_that_does_not_match_the_descriptor_is_not_committed()
    {
        FakeRegistry registry = new();
        RegistryDescriptor blob = RegistryDescriptor.For(RegistryMediaTypes.OctetStream, RandomBytes(2000));
        using RegistryClient client = Client(registry, chunkSize: 512, monolithicUploadLimit: 512);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.PushBlobAsync(FakeRegistry.Repo("app"), blob, new MemoryStream(RandomBytes(1999))));

        Assert.False(registry.HasBlob("app", blob.Digest));
        Assert.DoesNotContain(registry.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal(HttpMethod.Delete, registry.Requests.Last().Method);
    }

    [Fact]
    public async Task A_manifest_is_put_under_each_tag_with_its_media_type()
    {
        FakeRegistry registry = new();
        (RegistryDescriptor _, RegistryDescriptor config, RegistryDescriptor layer) = AddImage(registry, "app", null);
        byte[] manifest = RegistryManifestWriter.ImageManifest(config, [layer]);
        using RegistryClient client = Client(registry);

        ManifestPushResult result = await client.PushManifestAsync(FakeRegistry.Repo("app"), manifest, RegistryMediaTypes.OciManifest, ["1.0", "latest"]);

        Assert.Equal(ContentDigest.Sha256(manifest), result.Manifest.Digest);
        Assert.False(result.ReferrersTagUpdated);
        RecordedRequest[] puts = registry.Requests.Where(r => r.Method == HttpMethod.Put).ToArray();
        Assert.Equal(["/v2/app/manifests/1.0", "/v2/app/manifests/latest"], puts.Select(p => p.Uri.AbsolutePath));
        Assert.All(puts, p => Assert.Equal(RegistryMediaTypes.OciManifest, p.ContentType));
        Assert.Equal(manifest, registry.Manifest("app", "latest")!.Value.Content);
    }

    [Fact]
    public async Task A_manifest_without_tags_is_put_by_digest()
    {
        FakeRegistry registry = new();
        (RegistryDescriptor _, RegistryDescriptor config, RegistryDescriptor layer) = AddImage(registry, "app", null);
        byte[] manifest = RegistryManifestWriter.ImageManifest(config, [layer]);
        using RegistryClient client = Client(registry);

        ManifestPushResult result = await client.PushManifestAsync(FakeRegistry.Repo("app"), manifest, RegistryMediaTypes.DockerManifest, []);

        RecordedRequest put = Assert.Single(registry.Requests);
        Assert.Equal("/v2/app/manifests/" + result.Manifest.Digest, put.Uri.AbsolutePath);
        Assert.Equal(RegistryMediaTypes.DockerManifest, put.ContentType);
    }

    [Fact]
    public async Task An_artifact_with_a_subject_is_found_through_the_referrers_api()
    {
        FakeRegistry registry = new();
        RegistryDescriptor image = AddImage(registry, "app", "1").Manifest;
        using RegistryClient client = Client(registry);

        RegistryDescriptor sbom = await PushSbomAsync(registry, client, image);

        Assert.False(registry.Manifest("app", ContentDigest.ReferrersTag(image.Digest)).HasValue);
        IReadOnlyList<RegistryDescriptor> referrers = await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest, "application/spdx+json");
        RegistryDescriptor found = Assert.Single(referrers);
        Assert.Equal(sbom.Digest, found.Digest);
        Assert.Equal("application/spdx+json", found.ArtifactType);
        Assert.Empty(await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest, "application/vnd.dev.cosign.signature"));
    }

    [Fact]
    public async Task Without_a_referrers_api_the_artifact_goes_into_the_sha256_tag_index_and_is_read_back_from_it()
    {
        FakeRegistry registry = new() { SupportsReferrers = false };
        RegistryDescriptor image = AddImage(registry, "app", "1").Manifest;
        using RegistryClient client = Client(registry);

        RegistryDescriptor sbom = await PushSbomAsync(registry, client, image);
        RegistryDescriptor signature = await PushSbomAsync(registry, client, image, "application/vnd.dev.cosign.signature");

        string tag = image.Digest.Replace("sha256:", "sha256-", StringComparison.Ordinal);
        (string mediaType, byte[] index) = registry.Manifest("app", tag)!.Value;
        Assert.Equal(RegistryMediaTypes.OciIndex, mediaType);
        Assert.Equal([sbom.Digest, signature.Digest], new RegistryManifest(mediaType, index).Manifests.Select(m => m.Digest));

        IReadOnlyList<RegistryDescriptor> referrers = await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest);
        Assert.Equal([sbom.Digest, signature.Digest], referrers.Select(r => r.Digest));
        Assert.Equal("application/spdx+json", referrers[0].ArtifactType);
        Assert.Equal("sbom.spdx.json", referrers[0].Annotations!["org.opencontainers.image.title"]);
        Assert.Contains(registry.Requests, r => r.Uri.AbsolutePath == "/v2/app/referrers/" + image.Digest);
    }

    [Fact]
    public async Task No_referrers_api_and_no_fallback_tag_means_no_referrers()
    {
        FakeRegistry registry = new() { SupportsReferrers = false };
        RegistryDescriptor image = AddImage(registry, "app", "1").Manifest;
        using RegistryClient client = Client(registry);

        Assert.Empty(await client.GetReferrersAsync(FakeRegistry.Repo("app"), image.Digest));
    }

    private static async Task<RegistryDescriptor> PushSbomAsync(FakeRegistry registry, RegistryClient client, RegistryDescriptor subject, string artifactType = "application/spdx+json")
    {
        ImageReference repository = FakeRegistry.Repo("app");
        byte[] document = Encoding.UTF8.GetBytes("{\"spdxVersion\":\"SPDX-2.3\",\"type\":\"" + artifactType + "\"}");
        RegistryDescriptor blob = RegistryDescriptor.For(artifactType, document) with
        {
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "sbom.spdx.json" },
        };
        await client.PushBlobAsync(repository, blob, new MemoryStream(document));
        await client.PushBlobAsync(repository, RegistryManifestWriter.EmptyConfigDescriptor, new MemoryStream(RegistryManifestWriter.EmptyConfig.ToArray()));
        byte[] manifest = RegistryManifestWriter.ArtifactManifest(artifactType, subject, [blob], new Dictionary<string, string> { ["org.opencontainers.image.title"] = "sbom.spdx.json" });
        ManifestPushResult result = await client.PushManifestAsync(repository, manifest, RegistryMediaTypes.OciManifest, []);
        Assert.Equal(!registry.SupportsReferrers, result.ReferrersTagUpdated);
        return result.Manifest;
    }
}
