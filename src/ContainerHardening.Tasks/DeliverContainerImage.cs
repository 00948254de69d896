using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Pipeline;
using ContainerHardening.Registry;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Hands the validated, normalized image to the destination the user asked the SDK for: pushes it to
/// ContainerRegistry, copies it to ContainerArchiveOutputPath, or loads it into docker/podman. It runs only after
/// every check passed, so an image with an error never leaves the machine.
/// </summary>
public sealed class DeliverContainerImage : RegistryTask
{
    /// <summary>The normalized image: an OCI layout folder for a registry, a tar otherwise.</summary>
    [Required] public string ImagePath { get; set; } = "";
    [Required] public string ManifestDigest { get; set; } = "";
    [Required] public string Repository { get; set; } = "";
    public ITaskItem[] Tags { get; set; } = [];
    public string Registry { get; set; } = "";
    public string ArchiveOutputPath { get; set; } = "";
    public string LocalRegistry { get; set; } = "";

    public string BaseImage { get; set; } = "";
    public string OutputDirectory { get; set; } = "";
    /// <summary>The SBOMs; each names the ManifestDigest and Platform of its image when the image has several platforms.</summary>
    public ITaskItem[] SbomFiles { get; set; } = [];

    /// <summary>The platforms of a multi-platform image, from NormalizeContainerImage; empty for a single image.</summary>
    public ITaskItem[] PlatformImages { get; set; } = [];

    [Output] public string PushedDigest { get; private set; } = "";
    /// <summary>The image by digest: <c>registry/repository@sha256:…</c>, or the archive path.</summary>
    [Output] public string ImageReference { get; private set; } = "";

    /// <summary>Where the image went, without the digest: <c>registry/repository</c>, the repository, or the archive path.</summary>
    [Output] public string Destination { get; private set; } = "";

    protected override void ExecuteCore()
    {
        string[] tags = Tags.Select(t => t.ItemSpec).ToArray();
        DeliveredImage? delivered = Registry.Length > 0 ? Push(tags)
            : ArchiveOutputPath.Length > 0 ? CopyArchive(tags)
            : Load(tags);
        if (delivered is null)
        {
            return;
        }

        PushedDigest = delivered.ManifestDigest;
        ImageReference = delivered.PinnedReference;
        Destination = delivered.Reference;
        string file = delivered.Write(OutputDirectory);
        Log.LogMessage(MessageImportance.High, "ContainerHardening: delivered {0} (details in {1})", delivered.PinnedReference, file);
    }

    private DeliveredImage? Push(string[] tags)
    {
        ImageReference target = PushTarget(Registry, Repository);
        Report(TransportChecks.ForRegistry(Registry));

        // Base layers already in the same registry are mounted, not uploaded again.
        string? mountFrom = ContainerHardening.Image.BaseImageReference.Parse(BaseImage) is { } baseImage
            && string.Equals(baseImage.Registry, Registry, StringComparison.OrdinalIgnoreCase) ? baseImage.Repository : null;
        try
        {
            RegistryClient client = SharedRegistryClient();

            // The warm-up's failure is the registry's first answer to this push too (401, an unreachable host): reported alike.
            if (BuildEngine4.GetRegisteredTaskObject(WarmUpKey(Registry), RegisteredTaskObjectLifetime.Build) is RegistryWarmUp warmUp)
            {
                warmUp.Opening.GetAwaiter().GetResult();
            }

            // As the SDK does for a multi-RID push: each platform's image also gets "<tag>-<rid>".
            var platformTags = PlatformImages.Where(p => p.GetMetadata("RuntimeIdentifier").Length > 0).ToDictionary(
                p => p.ItemSpec,
                p => (IReadOnlyCollection<string>)tags.Select(tag => $"{tag}-{p.GetMetadata("RuntimeIdentifier")}").ToArray(),
                StringComparer.Ordinal);

            // The SBOMs go up beside the image, not after it: an artifact may name its subject before the subject is
            // there, and both are pushed only because the image passed every check.
            RegistryManifest image = LayoutPusher.ReadImageAsync(ImagePath, Cancellation).GetAwaiter().GetResult();
            Task push = LayoutPusher.PushAsync(ImagePath, image, target, tags, client, mountFrom, Cancellation, platformTags);
            Task<string[]>[] attachments = SbomFiles.GroupBy(f => f.GetMetadata("ManifestDigest"), StringComparer.Ordinal).Select(async sboms =>
            {
                RegistryDescriptor subject = sboms.Key.Length == 0 ? image.Descriptor : image.Manifests.Single(m => m.Digest == sboms.Key);
                IReadOnlyList<string> attached = await SbomAttacher.AttachAsync(client, target, subject, sboms.Select(f => f.ItemSpec), Cancellation).ConfigureAwait(false);
                return attached.Select(digest => $"{Registry}/{Repository}@{digest}").ToArray();
            }).ToArray();
            Task.WhenAll([push, .. attachments]).GetAwaiter().GetResult();
            string[] sbomReferences = [.. attachments.SelectMany(a => a.Result)];

            return new DeliveredImage("registry", $"{Registry}/{Repository}", image.Digest, tags, SbomPaths())
            {
                SbomReferences = sbomReferences,
                Platforms = DeliveredPlatforms(),
            };
        }
        catch (RegistryException e)
        {
            Report([e.ToFinding()]);
            return null;
        }
    }

    private DeliveredImage? CopyArchive(string[] tags)
    {
        try
        {
            string archive = ArchiveDelivery.ArchivePath(ArchiveOutputPath, Repository);
            if (!ArchiveDelivery.Copy(ImagePath, ManifestDigest, archive))
            {
                Log.LogMessage(MessageImportance.Normal, "ContainerHardening: {0} already holds this image; not copied again", archive);
            }

            string stem = ArchiveDelivery.Stem(archive);
            string[] besideArchive = SbomFiles.Select(sbom =>
            {
                string platform = sbom.GetMetadata("Platform");
                string copy = stem + "." + (platform.Length > 0 ? platform + "." : "") + Path.GetFileName(sbom.ItemSpec);
                File.Copy(sbom.ItemSpec, copy, overwrite: true);
                return copy;
            }).ToArray();
            return new DeliveredImage("archive", archive, ManifestDigest, tags, SbomPaths()) { SbomReferences = besideArchive, Platforms = DeliveredPlatforms() };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report([Finding.Create(RuleCatalog.DeliveryFailed, ArchiveOutputPath, e.Message)]);
            return null;
        }
    }

    private DeliveredImage? Load(string[] tags)
    {
        Report(TransportChecks.ForDaemon(Environment.GetEnvironmentVariable("DOCKER_HOST"), Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY")));
        LocalDaemon.LoadResult result = LocalDaemon.Load(ImagePath, LocalRegistry);
        if (!result.Succeeded)
        {
            Report([Finding.Create(RuleCatalog.DeliveryFailed, result.Tool, result.Message)]);
            return null;
        }

        return new DeliveredImage("daemon", Repository, ManifestDigest, tags, SbomPaths());
    }

    private string[] SbomPaths() => SbomFiles.Select(f => f.ItemSpec).ToArray();

    private DeliveredPlatformImage[] DeliveredPlatforms() =>
        [.. PlatformImages.Select(p => new DeliveredPlatformImage(p.GetMetadata("Platform"), p.GetMetadata("RuntimeIdentifier"), p.ItemSpec))];
}
