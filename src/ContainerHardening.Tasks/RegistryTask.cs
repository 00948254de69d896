using ContainerHardening.Pipeline;
using ContainerHardening.Registry;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// A policy task that talks to registries: it reaches them the same way (docker config credentials, the policy's
/// insecure registries) and stops its requests when the build is cancelled (Ctrl+C).
/// </summary>
public abstract class RegistryTask : PolicyTask, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>
    /// DOTNET_CONTAINER_INSECURE_REGISTRIES, the SDK's way to ask for plain HTTP to a registry: our client then refuses
    /// it (CH4010) unless the policy's allowInsecureRegistries (or the localhost default) lists it.
    /// </summary>
    public string PlainHttpRegistries { get; set; } = "";

    protected CancellationToken Cancellation => _cancel.Token;

    public void Cancel() => _cancel.Cancel();

    public void Dispose()
    {
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The build's registry client for these options. The tasks of one build share it, so the push reuses the
    /// connection <see cref="OpenRegistryConnection"/> opened while the image was validated; MSBuild disposes it when
    /// the build ends.
    /// </summary>
    protected RegistryClient SharedRegistryClient()
    {
        RegistryClientOptions options = RegistryClientOptions();
        string key = "ContainerHardening.RegistryClient|" + string.Join(",", options.InsecureRegistries.Order(StringComparer.OrdinalIgnoreCase));
        if (BuildEngine4.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is RegistryClient shared)
        {
            return shared;
        }

        var client = new RegistryClient(options);
        BuildEngine4.RegisterTaskObject(key, client, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return client;
    }

    /// <summary>Where the image is pushed: plain HTTP when <see cref="PlainHttpRegistries"/> asks for it (see <see cref="TransportChecks"/>).</summary>
    protected ImageReference PushTarget(string registry, string repository) =>
        new(registry, repository, null, null, TransportChecks.AsksForPlainHttp(PlainHttpRegistries, registry) ? "http" : null);

    /// <summary>The key under which the build keeps the connection being opened to <paramref name="registry"/>.</summary>
    protected static string WarmUpKey(string registry) => "ContainerHardening.RegistryWarmUp|" + registry.ToLowerInvariant();

    private RegistryClientOptions RegistryClientOptions()
    {
        var options = new RegistryClientOptions { Credentials = new DockerConfigCredentialProvider() };
        foreach (string registry in Policy.Options.AllowInsecureRegistries ?? [])
        {
            options.InsecureRegistries.Add(registry);
        }

        return options;
    }
}

/// <summary>A connection being opened to a registry, kept for the push that follows.</summary>
internal sealed class RegistryWarmUp(Task opening)
{
    public Task Opening => opening;
}
