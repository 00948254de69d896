namespace ContainerHardening.Secrets;

/// <summary>The limits that keep one scan bounded in time and memory. Every limit that is hit becomes a <see cref="SecretScanSkip"/>.</summary>
public sealed record SecretScanOptions
{
    public static SecretScanOptions Default { get; } = new();

    /// <summary>Largest single file (or archive member) read into memory and scanned.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many archives deep the scanner opens archives inside archives (a nupkg in a zip is depth 2).</summary>
    public int MaxArchiveDepth { get; init; } = 3;

    /// <summary>Largest uncompressed-to-compressed ratio of an archive member before it is treated as a zip bomb.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Total bytes all members of one top-level archive (nested ones included) may expand to.</summary>
    public long MaxArchiveTotalBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Wall-clock budget for one top-level file, archives included.</summary>
    public TimeSpan MaxTimePerFile { get; init; } = TimeSpan.FromSeconds(30);
}
