using ContainerHardening.Image;

namespace ContainerHardening.Analysis;

/// <summary>
/// The filesystem a container started from the image sees, merged from the layers the way overlay snapshotters do:
/// upper entries replace lower ones, whiteouts and opaque directories hide lower content. What was hidden is kept in
/// <see cref="HiddenEntries"/>, because it still ships inside the image. Pass an instance to <see cref="LayerPass.Run"/>
/// (alongside other observers) or use <see cref="Read"/>.
/// </summary>
public sealed class ImageFilesystem : ILayerObserver
{
    // Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS); so do we.
    private const int MaxSymlinkFollows = 40;

    private readonly Dictionary<string, ImageEntry> _entries = new(StringComparer.Ordinal);

    // Children by directory path, including directories the layers never list themselves ("usr" when only
    // "usr/bin/app" is in the tar), so that deleting a directory finds everything under it.
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);
    private readonly List<HiddenEntry> _hidden = [];

    /// <summary>Every path in the merged view, without the root itself.</summary>
    public IReadOnlyDictionary<string, ImageEntry> Entries => _entries;

    /// <summary>Entries of lower layers that the merged view no longer shows, in the order they were hidden.</summary>
    public IReadOnlyList<HiddenEntry> HiddenEntries => _hidden;

    /// <summary>Reads every layer of <paramref name="source"/> once and returns the merged view.</summary>
    public static ImageFilesystem Read(IImageSource source, CancellationToken cancellationToken = default)
    {
        var filesystem = new ImageFilesystem();
        LayerPass.Run(source, [filesystem], cancellationToken: cancellationToken);
        return filesystem;
    }

    /// <summary>The entry at <paramref name="path"/> itself, not following a final symlink (like lstat).</summary>
    public ImageEntry? Get(string path) =>
        ImagePaths.Normalize(path) is string normalized ? _entries.GetValueOrDefault(normalized) : null;

    /// <summary>
    /// The entry <paramref name="path"/> leads to with every symlink followed inside the image root, as the kernel
    /// would in a container: ".." stops at the root and absolute targets start from it. Null when the path is missing,
    /// dangling, goes through a non-directory, or loops, and for a directory no layer lists itself (only entries
    /// under it), because such a directory has no metadata to return.
    /// </summary>
    public ImageEntry? Resolve(string path)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(Enumerable.Reverse(path.Split('/')));
        int follows = 0;
        while (pending.TryPop(out string? segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(segment);
            string current = string.Join('/', resolved);
            if (!_entries.TryGetValue(current, out ImageEntry? entry))
            {
                if (!_children.ContainsKey(current))
                {
                    return null;
                }

                continue;
            }

            if (entry.Kind == EntryKind.Symlink)
            {
                if (++follows > MaxSymlinkFollows)
                {
                    return null;
                }

                resolved.RemoveAt(resolved.Count - 1);
                if (entry.LinkTarget!.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (string targetSegment in Enumerable.Reverse(entry.LinkTarget.Split('/')))
                {
                    pending.Push(targetSegment);
                }
            }
            else if (pending.Count > 0 && entry.Kind != EntryKind.Directory)
            {
                return null;
            }
        }

        return _entries.GetValueOrDefault(string.Join('/', resolved));
    }

    bool ILayerObserver.WantsContent(ImageEntry entry) => false;

    void ILayerObserver.OnEntry(ImageEntry entry, Stream? content)
    {
        switch (entry.Kind)
        {
            case EntryKind.Whiteout:
                HideLower(entry.Path, entry, HideReason.Whiteout);
                break;
            case EntryKind.OpaqueWhiteout:
                foreach (string child in Children(entry.Path))
                {
                    HideLower(child, entry, HideReason.OpaqueDirectory);
                }

                break;
            default:
                Add(entry);
                break;
        }
    }

    private void Add(ImageEntry entry)
    {
        if (entry.Path.Length == 0)
        {
            return;
        }

        // A hard link shares its target's inode: same mode (setuid included), owner and size.
        if (entry.Kind == EntryKind.HardLink && _entries.TryGetValue(entry.LinkTarget!, out ImageEntry? target))
        {
            entry = entry with { Mode = target.Mode, Uid = target.Uid, Gid = target.Gid, Size = target.Size };
        }

        if (_entries.TryGetValue(entry.Path, out ImageEntry? existing)
            && !(existing.Kind == EntryKind.Directory && entry.Kind == EntryKind.Directory))
        {
            _hidden.Add(new HiddenEntry(existing, entry.LayerIndex, entry.LayerDigest, HideReason.Replaced));
            _entries.Remove(entry.Path);
            foreach (string child in Children(entry.Path))
            {
                HideLower(child, entry, HideReason.Replaced);
            }
        }

        _entries[entry.Path] = entry;
        AddChild(entry.Path);
    }

    /// <summary>Removes <paramref name="path"/> and everything under it that came from layers below <paramref name="by"/>.</summary>
    private void HideLower(string path, ImageEntry by, HideReason reason)
    {
        var pending = new Stack<string>([path]);
        while (pending.TryPop(out string? current))
        {
            foreach (string child in Children(current))
            {
                pending.Push(child);
            }

            if (_entries.TryGetValue(current, out ImageEntry? entry) && entry.LayerIndex < by.LayerIndex)
            {
                _hidden.Add(new HiddenEntry(entry, by.LayerIndex, by.LayerDigest, reason));
                _entries.Remove(current);
                Unlink(current);
            }
        }
    }

    private string[] Children(string directory) =>
        _children.TryGetValue(directory, out HashSet<string>? children) ? [.. children] : [];

    private void AddChild(string path)
    {
        // Registers the path under its parent, and each implicit parent under its own, up to the root.
        while (path.Length > 0)
        {
            string parent = ImagePaths.Parent(path);
            if (!_children.TryGetValue(parent, out HashSet<string>? siblings))
            {
                siblings = new HashSet<string>(StringComparer.Ordinal);
                _children[parent] = siblings;
            }

            if (!siblings.Add(path))
            {
                return;
            }

            path = parent;
        }
    }

    /// <summary>
    /// Forgets a removed path under its parent, unless entries of its own layer still live under it, and then any
    /// implicit parent directory left empty.
    /// </summary>
    private void Unlink(string path)
    {
        while (path.Length > 0
            && !_entries.ContainsKey(path)
            && !(_children.TryGetValue(path, out HashSet<string>? children) && children.Count > 0))
        {
            _children.Remove(path);
            string parent = ImagePaths.Parent(path);
            if (!_children.TryGetValue(parent, out HashSet<string>? siblings) || !siblings.Remove(path))
            {
                return;
            }

            path = parent;
        }
    }
}
