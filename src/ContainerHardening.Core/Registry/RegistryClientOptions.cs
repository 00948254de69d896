namespace ContainerHardening.Registry;

/// <summary>How a <see cref="RegistryClient"/> talks to registries. The defaults suit a build: TLS, bounded retries.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>
    /// Registries that may be reached over plain HTTP, as <c>host</c> (any port) or <c>host:port</c>; the client uses
    /// HTTP for them unless the reference says <c>https://</c>. Every other registry, redirect target and token realm
    /// must be HTTPS (CH4010).
    /// </summary>
    public ISet<string> InsecureRegistries { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1" };

    /// <summary>Where credentials come from; null means anonymous only.</summary>
    public IRegistryCredentialProvider? Credentials { get; init; }

    /// <summary>How many times a request is repeated after a 5xx, a 429, a timeout or a connection failure.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry waits this long plus jitter; each later one doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Waits between attempts; tests replace it to record the delays instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>How long one request may take until its response headers arrive. Reading a blob is not limited.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The size of each PATCH of a chunked upload.</summary>
    public int ChunkSize { get; init; } = 5 * 1024 * 1024;

    /// <summary>Blobs up to this size are uploaded in a single PUT instead of PATCH chunks.</summary>
    public long MonolithicUploadLimit { get; init; } = 5 * 1024 * 1024;

    public int MaxRedirects { get; init; } = 5;

    /// <summary>A larger manifest is refused (CH4014) instead of being read into memory; 4 MiB, as OCI registries accept.</summary>
    public int MaxManifestSize { get; init; } = 4 * 1024 * 1024;

    public string UserAgent { get; init; } = "ContainerHardening";
}
