using ContainerHardening.Staging;

namespace ContainerHardening.Normalization;

/// <summary>What <see cref="ImageNormalizer.Normalize"/> wrote and what it changed on the way.</summary>
/// <param name="ManifestDigest">The digest of the new image manifest: the image's identity, as a registry reports it.</param>
/// <param name="ConfigDigest">The digest of the new image config (the "image id").</param>
/// <param name="AppLayerDigest">The digest of the rewritten, gzip-compressed app layer blob.</param>
/// <param name="AppLayerDiffId">The digest of the rewritten app layer's uncompressed tar.</param>
/// <param name="ModeChanges">App layer entries whose mode or owner changed, in path order.</param>
/// <param name="DroppedFiles">App files dropped because a container must not ship them, in path order.</param>
public sealed record NormalizationResult(
    string ManifestDigest,
    string ConfigDigest,
    string AppLayerDigest,
    string AppLayerDiffId,
    IReadOnlyList<ModeChange> ModeChanges,
    IReadOnlyList<ExcludedFile> DroppedFiles)
{
    /// <summary>The output already held exactly this image (an unchanged rebuild) and was kept as it was.</summary>
    public bool ReusedOutput { get; init; }

    /// <summary>
    /// For a multi-platform image, each platform's normalized image, in the index's order; then
    /// <see cref="ManifestDigest"/> is the image index's digest and the config and app layer fields are empty.
    /// </summary>
    public IReadOnlyList<NormalizedPlatformImage> Platforms { get; init; } = [];
}

/// <summary>One platform's image in a normalized multi-platform image.</summary>
public sealed record NormalizedPlatformImage(string ManifestDigest, string? OS, string? Architecture, string? Variant);

/// <summary>
/// One app layer entry whose permissions changed. <see cref="Path"/> is the path inside the image ("app/App");
/// the new owner is always root (0:0).
/// </summary>
public sealed record ModeChange(string Path, UnixFileMode OldMode, UnixFileMode NewMode, int OldUid, int OldGid);
