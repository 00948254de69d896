using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ContainerHardening.Registry;

namespace ContainerHardening.Tests.Registry;

/// <summary>
/// The client against the real Distribution registry of the test environment (<c>build/test-env.sh up</c>, which CI
/// runs before the tests). These tests fail, never skip, when the registry is not there.
/// </summary>
[Trait("Category", "Integration")]
public class LocalRegistryTests
{
    /// <summary>The test environment's registry; CONTAINER_HARDENING_TEST_REGISTRY points elsewhere (a plain-HTTP host must be loopback).</summary>
    private static readonly string Registry = Environment.GetEnvironmentVariable("CONTAINER_HARDENING_TEST_REGISTRY") is { Length: > 0 } registry ? registry : "localhost:5000";

    private static readonly string BaseImage = Registry + "/dotnet/aspnet:10.0-noble-chiseled";

    [Fact]
    public async Task Pulls_the_base_image_manifest_config_and_a_layer()
    {
        using RegistryClient client = await ConnectAsync();
        ImageReference reference = ImageReference.Parse(BaseImage);

        RegistryManifest manifest = await client.GetManifestAsync(reference, LocalPlatform());
        RegistryManifest pinned = await client.GetManifestAsync(reference.WithDigest(manifest.Digest));

        Assert.False(manifest.IsIndex);
        Assert.Equal(manifest.Content.ToArray(), pinned.Content.ToArray());
        Assert.NotEmpty(manifest.Layers);
        using JsonDocument config = JsonDocument.Parse(await ReadAllAsync(client, reference, manifest.Config!));
        Assert.Equal("linux", config.RootElement.GetProperty("os").GetString());
        Assert.Equal("app", config.RootElement.GetProperty("config").GetProperty("User").GetString());

        RegistryDescriptor smallest = manifest.Layers.MinBy(l => l.Size)!;
        await using Stream layer = await client.GetBlobAsync(reference, smallest);
        long read = 0;
        byte[] buffer = new byte[81920];
        for (int n; (n = await layer.ReadAsync(buffer)) > 0;)
        {
            read += n;
        }

        Assert.Equal(smallest.Size, read);
    }

    [Fact]
    public async Task Pushes_blobs_and_a_manifest_to_a_new_repository_and_reads_them_back()
    {
        RegistryClientOptions options = new() { ChunkSize = 64 * 1024, MonolithicUploadLimit = 64 * 1024, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(200) };
        using RegistryClient client = await ConnectAsync(options);
        ImageReference baseImage = ImageReference.Parse(BaseImage);
        ImageReference target = ImageReference.Parse($"{Registry}/ch-tests/registry-{Guid.NewGuid():N}");
        RegistryManifest baseManifest = await client.GetManifestAsync(baseImage, LocalPlatform());

        RegistryDescriptor baseLayer = baseManifest.Layers[0];
        Assert.Equal(BlobPushOutcome.Mounted, await client.PushBlobAsync(target, baseLayer, Stream.Null, mountFrom: baseImage.Repository));

        byte[] random = RandomNumberGeneratorBytes(300 * 1024 + 17);
        RegistryDescriptor layer = RegistryDescriptor.For("application/vnd.oci.image.layer.v1.tar", random);
        Assert.Equal(BlobPushOutcome.UploadedChunked, await client.PushBlobAsync(target, layer, new MemoryStream(random)));
        Assert.Equal(BlobPushOutcome.AlreadyExists, await client.PushBlobAsync(target, layer, new MemoryStream(random)));

        byte[] configBytes = Encoding.UTF8.GetBytes("{\"architecture\":\"" + LocalPlatform().Architecture + "\",\"os\":\"linux\",\"config\":{\"User\":\"1654\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        RegistryDescriptor config = RegistryDescriptor.For("application/vnd.oci.image.config.v1+json", configBytes);
        Assert.Equal(BlobPushOutcome.UploadedMonolithic, await client.PushBlobAsync(target, config, new MemoryStream(configBytes)));

        byte[] manifest = RegistryManifestWriter.ImageManifest(config, [baseLayer, layer]);
        ManifestPushResult pushed = await client.PushManifestAsync(target, manifest, RegistryMediaTypes.OciManifest, ["1.0", "latest"]);

        RegistryManifest byTag = await client.GetManifestAsync(target.WithTag("1.0"));
        RegistryManifest byDigest = await client.GetManifestAsync(target.WithDigest(pushed.Manifest.Digest));
        Assert.Equal(manifest, byTag.Content.ToArray());
        Assert.Equal(pushed.Manifest.Digest, byDigest.Digest);
        Assert.Equal(RegistryMediaTypes.OciManifest, byTag.MediaType);
        Assert.Equal(random, await ReadAllAsync(client, target, layer));
        Assert.Equal(configBytes, await ReadAllAsync(client, target, config));
    }

    [Fact]
    public async Task Attaches_an_artifact_and_finds_it_through_the_referrers_fallback_tag()
    {
        using RegistryClient client = await ConnectAsync();
        ImageReference target = ImageReference.Parse($"{Registry}/ch-tests/registry-{Guid.NewGuid():N}");
        byte[] configBytes = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        RegistryDescriptor config = RegistryDescriptor.For("application/vnd.oci.image.config.v1+json", configBytes);
        await client.PushBlobAsync(target, config, new MemoryStream(configBytes));
        ManifestPushResult image = await client.PushManifestAsync(target, RegistryManifestWriter.ImageManifest(config, []), RegistryMediaTypes.OciManifest, ["1.0"]);

        byte[] sbom = Encoding.UTF8.GetBytes("""{"spdxVersion":"SPDX-2.3","name":"registry test"}""");
        RegistryDescriptor sbomBlob = RegistryDescriptor.For("application/spdx+json", sbom);
        await client.PushBlobAsync(target, sbomBlob, new MemoryStream(sbom));
        await client.PushBlobAsync(target, RegistryManifestWriter.EmptyConfigDescriptor, new MemoryStream(RegistryManifestWriter.EmptyConfig.ToArray()));
        byte[] artifact = RegistryManifestWriter.ArtifactManifest("application/spdx+json", image.Manifest, [sbomBlob]);
        ManifestPushResult attached = await client.PushManifestAsync(target, artifact, RegistryMediaTypes.OciManifest, []);

        IReadOnlyList<RegistryDescriptor> referrers = await client.GetReferrersAsync(target, image.Manifest.Digest, "application/spdx+json");

        RegistryDescriptor referrer = Assert.Single(referrers);
        Assert.Equal(attached.Manifest.Digest, referrer.Digest);
        RegistryManifest read = await client.GetManifestAsync(target.WithDigest(referrer.Digest));
        Assert.Equal(image.Manifest.Digest, read.Subject?.Digest);
    }

    /// <summary>A client whose registry answers, or a failure that says how to start it.</summary>
    private static async Task<RegistryClient> ConnectAsync(RegistryClientOptions? options = null)
    {
        RegistryClient client = new(options ?? new RegistryClientOptions { MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(200) });
        try
        {
            await client.PingAsync(ImageReference.Parse(BaseImage));
            return client;
        }
        catch (RegistryException e)
        {
            client.Dispose();
            Assert.Fail($"The test registry at http://{Registry} is not reachable: run 'bash build/test-env.sh up' first (CI does so before the tests). {e.Message}");
            throw;
        }
    }

    private static RegistryPlatform LocalPlatform() =>
        new("linux", RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            _ => "amd64",
        });

    private static async Task<byte[]> ReadAllAsync(RegistryClient client, ImageReference repository, RegistryDescriptor blob)
    {
        await using Stream stream = await client.GetBlobAsync(repository, blob);
        using MemoryStream copy = new();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static byte[] RandomNumberGeneratorBytes(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
}
