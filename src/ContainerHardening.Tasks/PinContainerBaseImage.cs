using ContainerHardening.Pipeline;
using ContainerHardening.Registry;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Pins a tag-only ContainerBaseImage to the digest recorded in container-hardening.lock.json, recording the digest
/// the tag resolves to when the lock has no entry (or refreshing it on request). Runs before the mirror redirect, so
/// the lock is keyed by the reference the project names.
/// </summary>
public sealed class PinContainerBaseImage : RegistryTask
{
    [Required] public string BaseImage { get; set; } = "";
    [Required] public string LockFile { get; set; } = "";
    public string MirrorRegistry { get; set; } = "";
    public bool RecordMissing { get; set; }
    public bool Update { get; set; }

    /// <summary>The base image for the SDK: <see cref="BaseImage"/>, with <c>@sha256:…</c> when the lock pins it.</summary>
    [Output] public string PinnedBaseImage { get; private set; } = "";

    protected override void ExecuteCore()
    {
        RegistryClient client = SharedRegistryClient();
        BaseImagePinResult result = BaseImagePinning.PinAsync(
            new BaseImagePinRequest
            {
                BaseImage = BaseImage,
                MirrorRegistry = MirrorRegistry,
                LockFile = LockFile,
                ProjectDirectory = ProjectDirectory,
                RecordMissing = RecordMissing,
                Update = Update,
                PlainHttpRegistries = PlainHttpRegistries,
            },
            async (reference, cancel) => (await client.GetManifestAsync(reference, cancel).ConfigureAwait(false)).Digest,
            Cancellation).GetAwaiter().GetResult();

        PinnedBaseImage = result.BaseImage;
        if (result.Message is not null)
        {
            Log.LogMessage(MessageImportance.High, "{0}", result.Message);
        }

        Report(result.Findings);
    }
}
