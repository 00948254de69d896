namespace ContainerHardening.Analysis;

/// <summary>Why an entry of a lower layer is not in the merged filesystem.</summary>
public enum HideReason
{
    /// <summary>A ".wh.&lt;name&gt;" whiteout deleted it or a directory above it.</summary>
    Whiteout,

    /// <summary>A ".wh..wh..opq" marker made a directory above it opaque.</summary>
    OpaqueDirectory,

    /// <summary>A later entry at the same path (or a non-directory replacing a directory above it) took its place.</summary>
    Replaced,
}

/// <summary>
/// An entry that a running container cannot see but that is still shipped in the image's layers, and so readable by
/// anyone who pulls it: the classic "deleted" secret.
/// </summary>
public sealed record HiddenEntry(ImageEntry Entry, int HiddenByLayerIndex, string HiddenByLayerDigest, HideReason Reason);
