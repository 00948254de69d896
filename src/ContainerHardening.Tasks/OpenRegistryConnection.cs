using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Starts opening the connection to the registry the image will be pushed to (name resolution, TCP, TLS, the version
/// check) and returns at once, so that it happens while the image is normalized and validated rather than before the
/// push. Nothing about the image is sent. <see cref="DeliverContainerImage"/> waits for it and reports its failure.
/// </summary>
public sealed class OpenRegistryConnection : RegistryTask
{
    [Required] public string Registry { get; set; } = "";
    [Required] public string Repository { get; set; } = "";

    protected override void ExecuteCore()
    {
        // Not this task's cancellation token: the connection outlives the task, and the push's own requests stop on Ctrl+C.
        Task opening = SharedRegistryClient().PingAsync(PushTarget(Registry, Repository), CancellationToken.None);
        BuildEngine4.RegisterTaskObject(WarmUpKey(Registry), new RegistryWarmUp(opening), RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
    }
}
