using System.Globalization;

namespace ContainerHardening.Normalization;

/// <summary>How <see cref="ImageNormalizer"/> rewrites an image.</summary>
public sealed record NormalizationOptions
{
    /// <summary>
    /// The default <see cref="Timestamp"/> when SOURCE_DATE_EPOCH is not set: the Unix epoch, 1970-01-01T00:00:00Z.
    /// It is what an unset SOURCE_DATE_EPOCH means to other reproducible-build tools, and it says plainly that the
    /// time is not a build time.
    /// </summary>
    public static readonly DateTimeOffset DefaultTimestamp = DateTimeOffset.UnixEpoch;

    private readonly DateTimeOffset _timestamp = DefaultTimestamp;

    /// <summary>
    /// The one time written everywhere a build would write "now": file mtimes, the config's <c>created</c>, the
    /// history entries of the app's build steps and the <c>*.created</c> labels and annotations. It is truncated to whole
    /// seconds in UTC, because tar headers hold whole seconds.
    /// </summary>
    public DateTimeOffset Timestamp
    {
        get => _timestamp;
        init => _timestamp = DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
    }

    /// <summary>
    /// Where the app layer puts the app, as a path inside the image ("app" for the SDK's default
    /// ContainerWorkingDirectory "/app"). <see cref="AppHost"/>, <see cref="ExecutableFiles"/> and the exclusions are
    /// relative to it.
    /// </summary>
    public string AppDirectory { get; init; } = "app";

    /// <summary>The apphost's path relative to <see cref="AppDirectory"/> (the assembly name), or null without one.</summary>
    public string? AppHost { get; init; }

    /// <summary>Further files, relative to <see cref="AppDirectory"/>, that the user marks executable.</summary>
    public IReadOnlyCollection<string> ExecutableFiles { get; init; } = [];

    /// <summary>
    /// Whether files that <see cref="Staging.AppFileExclusions"/> keeps out of a container are dropped from the app
    /// layer, as a last defence when they got past staging. On by default.
    /// </summary>
    public bool DropExcludedFiles { get; init; } = true;

    /// <summary>Keeps .pdb and .dbg files even when <see cref="DropExcludedFiles"/> is set.</summary>
    public bool KeepDebugSymbols { get; init; }

    /// <summary>Which layer (0 = bottom) the SDK built from the publish folder; null for the top one.</summary>
    public int? AppLayerIndex { get; init; }

    /// <summary>Whether the normalized image is written as an OCI layout tar or an OCI layout directory.</summary>
    public NormalizedLayout Layout { get; init; } = NormalizedLayout.Tar;

    /// <summary>
    /// Reads SOURCE_DATE_EPOCH (decimal seconds since the Unix epoch, https://reproducible-builds.org/specs/source-date-epoch/).
    /// Null, empty or invalid values give null, so callers fall back to <see cref="DefaultTimestamp"/>.
    /// </summary>
    public static DateTimeOffset? ParseSourceDateEpoch(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

/// <summary>The form of the normalized image on disk.</summary>
public enum NormalizedLayout
{
    /// <summary>An OCI image layout in one tar file, as ContainerArchiveOutputPath holds it.</summary>
    Tar,

    /// <summary>An OCI image layout directory (oci-layout, index.json, blobs/sha256/), as pushing tools read it.</summary>
    Directory,
}
