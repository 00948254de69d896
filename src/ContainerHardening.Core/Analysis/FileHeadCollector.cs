using ContainerHardening.Image;

namespace ContainerHardening.Analysis;

/// <summary>
/// Keeps the first bytes of every regular file under one directory (the app directory), enough to tell an ELF binary
/// ("\x7fELF") or a script ("#!") from data without holding the files.
/// </summary>
public sealed class FileHeadCollector : ILayerObserver
{
    /// <summary>How many leading bytes are kept per file.</summary>
    public const int HeadBytes = 4;

    private readonly string _prefix;
    private readonly LayeredFileMap<byte[]> _heads = new();

    public FileHeadCollector(string directory)
    {
        string normalized = ImagePaths.Normalize(directory) ?? throw new ArgumentException($"'{directory}' leaves the image root.", nameof(directory));
        _prefix = normalized.Length == 0 ? string.Empty : normalized + "/";
    }

    /// <summary>The first (up to) <see cref="HeadBytes"/> bytes of each file by normalised path.</summary>
    public IReadOnlyDictionary<string, byte[]> Heads => _heads.Snapshot();

    bool ILayerObserver.WantsContent(ImageEntry entry) => entry.Path.StartsWith(_prefix, StringComparison.Ordinal);

    void ILayerObserver.OnEntry(ImageEntry entry, Stream? content)
    {
        if (content is not null)
        {
            byte[] head = new byte[HeadBytes];
            int read = content.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
            _heads.Set(entry, head[..read]);
        }
        else
        {
            _heads.Apply(entry);
        }
    }
}
