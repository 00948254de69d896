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

    protected CancellationToken Cancellation => _cancel.Token;

    public void Cancel() => _cancel.Cancel();

    public void Dispose()
    {
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }

    protected RegistryClientOptions RegistryClientOptions()
    {
        var options = new RegistryClientOptions { Credentials = new DockerConfigCredentialProvider() };
        foreach (string registry in Policy.Options.AllowInsecureRegistries ?? [])
        {
            options.InsecureRegistries.Add(registry);
        }

        return options;
    }
}
