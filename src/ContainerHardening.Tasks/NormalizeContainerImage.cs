using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Normalization;
using ContainerHardening.Pipeline;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Rewrites the image the SDK wrote into a reproducible one with a hardened app layer: root-owned, 0644 files and
/// 0755 executables only, timestamps from SOURCE_DATE_EPOCH.
/// </summary>
public sealed class NormalizeContainerImage : PolicyTask
{
    [Required] public string SdkImage { get; set; } = "";
    [Required] public string NormalizedImage { get; set; } = "";

    /// <summary>Tar (an archive to hand over or load) or Directory (an OCI layout to push from).</summary>
    public string Layout { get; set; } = nameof(NormalizedLayout.Tar);

    public string SourceDateEpoch { get; set; } = "";
    public string AppHost { get; set; } = "";
    public ITaskItem[] ExecutableFiles { get; set; } = [];
    public bool KeepDebugSymbols { get; set; }

    /// <summary>The SDK's GeneratedContainerManifest and GeneratedContainerConfiguration, for recognising an unchanged rebuild.</summary>
    public string SdkManifest { get; set; } = "";
    public string SdkConfiguration { get; set; } = "";
    public string AppFilesFingerprint { get; set; } = "";

    /// <summary>The repository and tags, which the layout's index.json names.</summary>
    public ITaskItem[] ImageNames { get; set; } = [];

    /// <summary>The RIDs of a multi-RID publish, in the order the SDK built them, to name each platform's image.</summary>
    public string RuntimeIdentifiers { get; set; } = "";

    /// <summary>The image's digest: its manifest's, or for a multi-platform image its image index's.</summary>
    [Output] public string ManifestDigest { get; private set; } = "";

    /// <summary>
    /// For a multi-platform image, each platform's manifest digest with its Platform (os/architecture) and, when known,
    /// RuntimeIdentifier; empty for a single image.
    /// </summary>
    [Output] public ITaskItem[] PlatformImages { get; private set; } = [];

    protected override void ExecuteCore()
    {
        var options = new NormalizationOptions
        {
            Timestamp = NormalizationOptions.ParseSourceDateEpoch(SourceDateEpoch) ?? NormalizationOptions.DefaultTimestamp,
            AppHost = AppHost.Length > 0 ? AppHost : null,
            ExecutableFiles = ExecutableFiles.Select(f => f.ItemSpec.Replace('\\', '/')).ToArray(),
            KeepDebugSymbols = KeepDebugSymbols,
            Layout = Enum.Parse<NormalizedLayout>(Layout, ignoreCase: true),
        };

        try
        {
            string? inputsKey = NormalizationInputs.Key(SdkManifest, SdkConfiguration, AppFilesFingerprint, ImageNames.Select(n => n.ItemSpec), options);
            NormalizationResult result = ImageNormalizer.Normalize(SdkImage, NormalizedImage, options, inputsKey);
            ManifestDigest = result.ManifestDigest;
            string?[] rids = PlatformRuntimeIdentifiers.Match(result.Platforms, RuntimeIdentifiers.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            PlatformImages = [.. result.Platforms.Select((platform, i) => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(platform.ManifestDigest, new Dictionary<string, string>
            {
                ["Platform"] = platform.Variant is null ? $"{platform.OS}/{platform.Architecture}" : $"{platform.OS}/{platform.Architecture}/{platform.Variant}",
                ["RuntimeIdentifier"] = rids[i] ?? "",
            }))];
            if (result.ReusedOutput)
            {
                Log.LogMessage(MessageImportance.Normal, "ContainerHardening: {0} already holds this normalized image ({1}); kept as it is", NormalizedImage, result.ManifestDigest);
                return;
            }

            Log.LogMessage(MessageImportance.Normal, "ContainerHardening: normalized the app layer: {0} entries got root ownership and 0644/0755 modes, {1} dropped; image {2}",
                result.ModeChanges.Count, result.DroppedFiles.Count, result.ManifestDigest);
        }
        catch (ImageFormatException e)
        {
            Report([e.ToFinding()]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report([Finding.Create(RuleCatalog.NormalizationFailed, SdkImage, e.Message)]);
        }
    }
}
