namespace ContainerHardening.Analysis;

/// <summary>What a layer entry is.</summary>
public enum EntryKind
{
    File,
    Directory,
    Symlink,
    HardLink,
    CharacterDevice,
    BlockDevice,
    Fifo,

    /// <summary>An OCI whiteout ".wh.&lt;name&gt;": <see cref="ImageEntry.Path"/> and everything under it is deleted from lower layers.</summary>
    Whiteout,

    /// <summary>An OCI opaque whiteout ".wh..wh..opq": the lower layers' children of the directory at <see cref="ImageEntry.Path"/> are hidden.</summary>
    OpaqueWhiteout,
}

/// <summary>
/// One entry of one layer, or of the merged filesystem. <see cref="Path"/> is normalised ("usr/bin/app").
/// <see cref="Mode"/> includes the setuid, setgid and sticky bits. <see cref="ExtendedAttributes"/> are the PAX
/// "SCHILY.xattr." records without that prefix, e.g. "security.capability"; the reader decodes their values as
/// UTF-8 text, so binary values such as file capabilities are only reliable as to their presence.
/// </summary>
public sealed record ImageEntry(
    string Path,
    EntryKind Kind,
    UnixFileMode Mode,
    int Uid,
    int Gid,
    long Size,
    string? LinkTarget,
    DateTimeOffset ModificationTime,
    IReadOnlyDictionary<string, string> ExtendedAttributes,
    int LayerIndex,
    string LayerDigest)
{
    public bool IsSetUid => Mode.HasFlag(UnixFileMode.SetUser);

    public bool IsSetGid => Mode.HasFlag(UnixFileMode.SetGroup);
}
