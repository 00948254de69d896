using ContainerHardening.Image;

namespace ContainerHardening.Analysis;

/// <summary>
/// Keeps the content of a few small files at known paths (/etc/passwd, /etc/os-release …) as the running container
/// would see them: from the topmost layer that has them, gone when a higher layer deletes them. The filesystem view only
/// holds metadata; rules that must read a file get it from here. Files larger than the limit are not kept.
/// </summary>
public sealed class FileContentCollector : ILayerObserver
{
    /// <summary>The largest file kept, in bytes.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The files the image rules read.</summary>
    public static IReadOnlyList<string> DefaultPaths { get; } = ["etc/passwd", "etc/group", "etc/os-release"];

    private readonly HashSet<string> _paths;
    private readonly LayeredFileMap<byte[]> _files = new();

    public FileContentCollector(IEnumerable<string> paths)
    {
        _paths = new HashSet<string>(paths.Select(p => ImagePaths.Normalize(p) ?? throw new ArgumentException($"'{p}' leaves the image root.", nameof(paths))), StringComparer.Ordinal);
    }

    /// <summary>The kept files by normalised path ("etc/passwd"); a path is absent when no layer has it, it was deleted, or it is too large.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files.Snapshot();

    bool ILayerObserver.WantsContent(ImageEntry entry) => _paths.Contains(entry.Path) && entry.Size <= MaxFileBytes;

    void ILayerObserver.OnEntry(ImageEntry entry, Stream? content)
    {
        if (content is not null)
        {
            var bytes = new MemoryStream((int)entry.Size);
            content.CopyTo(bytes);
            _files.Set(entry, bytes.ToArray());
        }
        else if (entry.Kind is EntryKind.Whiteout or EntryKind.OpaqueWhiteout || _paths.Contains(entry.Path))
        {
            _files.Apply(entry);
        }
    }
}
