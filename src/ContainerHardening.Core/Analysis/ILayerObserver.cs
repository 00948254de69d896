namespace ContainerHardening.Analysis;

/// <summary>
/// Receives every entry of every layer, bottom layer first, in the single streaming pass over the image; the
/// filesystem view, secret detectors and the SBOM inventory all hang off the same pass.
/// </summary>
public interface ILayerObserver
{
    /// <summary>
    /// Whether <see cref="OnEntry"/> should get the content of this regular file. Content is read once from the
    /// layer; when several observers want the same file it is spooled once (to disk if large) and replayed.
    /// </summary>
    bool WantsContent(ImageEntry entry);

    /// <param name="content">
    /// The file's bytes when <see cref="WantsContent"/> said so, else null. Valid only during the call; read it
    /// forward, don't dispose it.
    /// </param>
    void OnEntry(ImageEntry entry, Stream? content);
}
