using System.Formats.Tar;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Staging;

namespace ContainerHardening.Normalization;

/// <summary>
/// Rewrites the app layer's tar into its canonical form: entries in ordinal path order (so a directory precedes its
/// children), one entry per path, owner root, directories 0755, files 0644 unless they are executables (0755), no
/// setuid/setgid/sticky bits, no extended attributes, one mtime. Hard-linked files stay linked: the first path in
/// order carries the data and the others link to it, whatever order the input had.
/// </summary>
internal sealed class AppLayerRewriter(NormalizationOptions options, string imagePath, string layerDigest)
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode RegularMode = (UnixFileMode)0b110_100_100;
    private const UnixFileMode ExecutableMode = DirectoryMode;
    private const UnixFileMode SymlinkMode = (UnixFileMode)0b111_111_111;
    private const UnixFileMode PermissionBits = SymlinkMode;

    private static readonly byte[] ElfMagic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private static readonly byte[] Shebang = [(byte)'#', (byte)'!'];

    private readonly string _appDirectory = ImagePaths.Normalize(options.AppDirectory) ?? string.Empty;
    private readonly HashSet<string> _executables = new(
        options.ExecutableFiles.Append(options.AppHost).OfType<string>().Select(p => ImagePaths.Normalize(p.Replace('\\', '/'))).OfType<string>(),
        StringComparer.Ordinal);

    // Dropped files that other paths hard-link to still provide those paths' content.
    private readonly Dictionary<string, TarEntry> _dropped = new(StringComparer.Ordinal);

    public List<ModeChange> ModeChanges { get; } = [];

    public List<ExcludedFile> DroppedFiles { get; } = [];

    /// <param name="tar">The layer's uncompressed tar, seekable so that entries can be written in another order.</param>
    public void Rewrite(Stream tar, DeterministicTarWriter writer)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        Dictionary<string, TarEntry> entries = ReadEntries(reader);

        // Hard links are resolved before anything is dropped, so a link to a dropped file keeps its content.
        Dictionary<string, string> linkRoots = ResolveHardLinks(entries);
        foreach (string path in entries.Keys.Order(StringComparer.Ordinal).ToArray())
        {
            if (Exclusion(path, entries[path]) is string reason)
            {
                DroppedFiles.Add(new ExcludedFile(AppRelative(path)!, reason));
                entries.Remove(path);
            }
        }

        // For each group of hard-linked paths, the first remaining one in path order holds the data.
        var dataHolder = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in entries.Keys.Order(StringComparer.Ordinal))
        {
            if (linkRoots.TryGetValue(path, out string? root))
            {
                dataHolder.TryAdd(root, path);
            }
        }

        // Linked paths share one inode and so one mode: executable when the content is or any of the paths is marked.
        var groupModes = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        foreach (string root in dataHolder.Keys)
        {
            bool executable = IsExecutable(root, Source(root, entries))
                || linkRoots.Any(l => l.Value == root && entries.ContainsKey(l.Key) && IsMarkedExecutable(l.Key));
            groupModes[root] = executable ? ExecutableMode : RegularMode;
        }

        foreach (string path in entries.Keys.Order(StringComparer.Ordinal))
        {
            TarEntry entry = entries[path];
            if (linkRoots.TryGetValue(path, out string? root))
            {
                UnixFileMode mode = groupModes[root];
                string holder = dataHolder[root];
                TarEntry source = Source(root, entries);
                Report(path, entry, mode);
                if (holder == path)
                {
                    writer.Write(TarEntryType.RegularFile, path, mode, Rewound(source));
                }
                else
                {
                    writer.Write(TarEntryType.HardLink, path, mode, linkName: holder);
                }

                continue;
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Report(path, entry, DirectoryMode);
                    writer.Write(TarEntryType.Directory, path, DirectoryMode);
                    break;
                case TarEntryType.SymbolicLink:
                    Report(path, entry, SymlinkMode);
                    writer.Write(TarEntryType.SymbolicLink, path, SymlinkMode, linkName: entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    // A link to a file of a lower layer, which the layer itself cannot express: kept as it was.
                    Report(path, entry, RegularMode);
                    writer.Write(TarEntryType.HardLink, path, RegularMode, linkName: ImagePaths.Normalize(entry.LinkName));
                    break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    UnixFileMode special = entry.Mode & PermissionBits;
                    Report(path, entry, special);
                    writer.Write(entry.EntryType, path, special, deviceMajor: DeviceMajor(entry), deviceMinor: DeviceMinor(entry));
                    break;
                default:
                    UnixFileMode fileMode = IsExecutable(path, entry) ? ExecutableMode : RegularMode;
                    Report(path, entry, fileMode);
                    writer.Write(TarEntryType.RegularFile, path, fileMode, Rewound(entry));
                    break;
            }
        }
    }


    private Dictionary<string, TarEntry> ReadEntries(TarReader reader)
    {
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        try
        {
            while (reader.GetNextEntry(copyData: false) is TarEntry entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                string path = ImagePaths.Normalize(entry.Name)
                    ?? throw new ImageFormatException(RuleCatalog.ImagePathTraversal, imagePath, layerDigest, entry.Name);
                if (path.Length == 0)
                {
                    // The layer root's own entry ("./"): the root's metadata is not the app's to set.
                    continue;
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                    or TarEntryType.Directory or TarEntryType.SymbolicLink or TarEntryType.HardLink
                    or TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo))
                {
                    throw new ImageFormatException(RuleCatalog.ImageFormatUnsupported, imagePath, layerDigest + " " + path, entry.EntryType);
                }

                // As when the layer is unpacked, a later entry for the same path replaces the earlier one.
                entries[path] = entry;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ImageFormatException(RuleCatalog.ImageArchiveCorrupt, imagePath, layerDigest, e, e.Message);
        }

        return entries;
    }

    /// <summary>Maps every hard link, and every regular file something links to, to the file that holds the data.</summary>
    private Dictionary<string, string> ResolveHardLinks(Dictionary<string, TarEntry> entries)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string path, TarEntry entry) in entries)
        {
            if (entry.EntryType != TarEntryType.HardLink)
            {
                continue;
            }

            string? target = ImagePaths.Normalize(entry.LinkName)
                ?? throw new ImageFormatException(RuleCatalog.ImagePathTraversal, imagePath, layerDigest, entry.LinkName);
            for (int hops = 0; target is not null && entries.TryGetValue(target, out TarEntry? next) && next.EntryType == TarEntryType.HardLink && hops < entries.Count; hops++)
            {
                target = ImagePaths.Normalize(next.LinkName);
            }

            if (target is not null && entries.TryGetValue(target, out TarEntry? file) && IsRegularFile(file))
            {
                roots[path] = target;
                roots[target] = target;
            }
        }

        return roots;
    }

    private string? Exclusion(string path, TarEntry entry)
    {
        if (!options.DropExcludedFiles || entry.EntryType == TarEntryType.Directory || AppRelative(path) is not string relative)
        {
            return null;
        }

        string? reason = AppFileExclusions.ReasonToExclude(relative, options.KeepDebugSymbols);
        if (reason is not null)
        {
            _dropped[path] = entry;
        }

        return reason;
    }

    private TarEntry Source(string root, Dictionary<string, TarEntry> entries) =>
        entries.GetValueOrDefault(root) ?? _dropped[root];

    private bool IsMarkedExecutable(string path) => AppRelative(path) is string relative && _executables.Contains(relative);

    private bool IsExecutable(string path, TarEntry entry)
    {
        if (IsMarkedExecutable(path))
        {
            return true;
        }

        if (entry.DataStream is not Stream data)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[ElfMagic.Length];
        data.Position = 0;
        int read = data.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        return head.StartsWith(ElfMagic) || head.StartsWith(Shebang);
    }

    /// <summary>The path relative to the app directory, or null outside it.</summary>
    private string? AppRelative(string path) =>
        _appDirectory.Length == 0 ? path
        : path.StartsWith(_appDirectory + "/", StringComparison.Ordinal) ? path[(_appDirectory.Length + 1)..]
        : null;

    private void Report(string path, TarEntry entry, UnixFileMode newMode)
    {
        bool modeMatters = entry.EntryType is not (TarEntryType.SymbolicLink or TarEntryType.HardLink);
        if ((modeMatters && entry.Mode != newMode) || entry.Uid != 0 || entry.Gid != 0)
        {
            ModeChanges.Add(new ModeChange(path, entry.Mode, newMode, entry.Uid, entry.Gid));
        }
    }

    private static Stream? Rewound(TarEntry entry)
    {
        if (entry.DataStream is Stream data)
        {
            data.Position = 0;
        }

        return entry.DataStream;
    }

    private static bool IsRegularFile(TarEntry entry) =>
        entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    private static int DeviceMajor(TarEntry entry) => entry is PosixTarEntry posix ? posix.DeviceMajor : 0;

    private static int DeviceMinor(TarEntry entry) => entry is PosixTarEntry posix ? posix.DeviceMinor : 0;
}
