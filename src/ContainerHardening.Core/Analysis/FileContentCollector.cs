using ContainerHardening.Image;

namespace ContainerHardening.Analysis;

/// <summary>
/// Keeps the content of a few small files at known paths (/etc/passwd, /etc/os-release …) as the running container
/// would see them: from the topmost layer that has them, gone when a higher layer deletes them. The filesystem view only
/// holds metadata; rules that must read a file get it from here. Files larger than the limit are not kept.
/// </summary>
public sealed class FileContentCollector : ILayerObserver
{
    /// <summary>The largest file kept by default, in bytes: enough for account and release files.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The files the image rules read.</summary>
    public static IReadOnlyList<string> DefaultPaths { get; } = ["etc/passwd", "etc/group", "etc/os-release"];

    private readonly Func<string, bool> _wants;
    private readonly long _maxFileBytes;
    private readonly LayeredFileMap<byte[]> _files = new();

    public FileContentCollector(IEnumerable<string> paths)
    {
        var wanted = new HashSet<string>(paths.Select(p => ImagePaths.Normalize(p) ?? throw new ArgumentException($"'{p}' leaves the image root.", nameof(paths))), StringComparer.Ordinal);
        _wants = wanted.Contains;
        _maxFileBytes = MaxFileBytes;
    }

    /// <summary>Keeps every file whose normalised path <paramref name="wants"/> accepts, up to <paramref name="maxFileBytes"/>.</summary>
    public FileContentCollector(Func<string, bool> wants, long maxFileBytes)
    {
        _wants = wants;
        _maxFileBytes = maxFileBytes;
    }

    /// <summary>The kept files by normalised path ("etc/passwd"); a path is absent when no layer has it, it was deleted, or it is too large.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files.Snapshot();

    bool ILayerObserver.WantsContent(ImageEntry entry) => _wants(entry.Path) && entry.Size <= _maxFileBytes;

    void ILayerObserver.OnEntry(ImageEntry entry, Stream? content)
    {
        if (content is not null)
        {
            var bytes = new MemoryStream((int)entry.Size);
            content.CopyTo(bytes);
            _files.Set(entry, bytes.ToArray());
        }
        else if (entry.Kind is EntryKind.Whiteout or EntryKind.OpaqueWhiteout || _wants(entry.Path))
        {
            _files.Apply(entry);
        }
    }
}
