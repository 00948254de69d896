namespace ContainerHardening.Sbom;

/// <summary>
/// What a writer needs besides the inventory. <paramref name="Timestamp"/> is the caller's SOURCE_DATE_EPOCH when set
/// (else the image's creation time or the build time), so two builds of one commit give byte-identical SBOMs.
/// </summary>
public sealed record SbomWriteOptions(DateTimeOffset Timestamp, string ToolVersion)
{
    public const string ToolName = "ContainerHardening";
}
