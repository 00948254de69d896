using ContainerHardening.Registry;

namespace ContainerHardening.Tests.Registry;

internal sealed class StaticCredentials(string registry, string username, string password) : IRegistryCredentialProvider
{
    public RegistryCredential? GetCredential(string registry1) =>
        registry1 == registry ? new RegistryCredential(username, password, "test credentials") : null;
}

internal static class RegistryTestSupport
{
    /// <summary>A client on <paramref name="registry"/> whose retry delays are recorded instead of slept.</summary>
    public static RegistryClient Client(
        HttpMessageHandler registry,
        IRegistryCredentialProvider? credentials = null,
        List<TimeSpan>? delays = null,
        int chunkSize = 1024,
        long monolithicUploadLimit = 1024,
        int maxRetries = 3,
        TimeSpan? requestTimeout = null,
        IEnumerable<string>? insecure = null)
    {
        RegistryClientOptions options = new()
        {
            Credentials = credentials,
            ChunkSize = chunkSize,
            MonolithicUploadLimit = monolithicUploadLimit,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            Delay = (delay, _) =>
            {
                delays?.Add(delay);
                return Task.CompletedTask;
            },
        };
        foreach (string host in insecure ?? [])
        {
            options.InsecureRegistries.Add(host);
        }

        return new RegistryClient(registry, options);
    }

    public static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A pushed image in <paramref name="repository"/>: config + one layer, tagged <paramref name="tag"/>.</summary>
    public static (RegistryDescriptor Manifest, RegistryDescriptor Config, RegistryDescriptor Layer) AddImage(FakeRegistry registry, string repository, string? tag, string architecture = "amd64", string? variant = null)
    {
        string variantJson = variant is null ? "" : $",\"variant\":\"{variant}\"";
        RegistryDescriptor config = registry.AddBlob(repository, System.Text.Encoding.UTF8.GetBytes($"{{\"architecture\":\"{architecture}\",\"os\":\"linux\"{variantJson}}}"), "application/vnd.oci.image.config.v1+json");
        RegistryDescriptor layer = registry.AddBlob(repository, RandomBytes(3000 + architecture.Length), "application/vnd.oci.image.layer.v1.tar+gzip");
        byte[] manifest = RegistryManifestWriter.ImageManifest(config, [layer]);
        return (registry.AddManifest(repository, tag, manifest, RegistryMediaTypes.OciManifest), config, layer);
    }
}
