namespace ContainerHardening.Image;

/// <summary>
/// Sizes beyond which an archive is treated as hostile rather than large. A real image stays far below them; a
/// crafted header claiming more would otherwise make the reader allocate or wait on data that never comes.
/// </summary>
internal static class ImageLimits
{
    /// <summary>Manifests, indexes and configs are read into memory; the OCI distribution spec caps manifests at 4 MiB.</summary>
    public const long MaxDocumentBytes = 16L * 1024 * 1024;

    /// <summary>A single blob or a single file inside a layer.</summary>
    public const long MaxContentBytes = 64L * 1024 * 1024 * 1024;

    /// <summary>How deep an index may point to further indexes before the manifest.</summary>
    public const int MaxIndexDepth = 4;
}
