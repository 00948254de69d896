using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;

namespace ContainerHardening.Tests.Image;

/// <summary>Writes one layer tar in memory: PAX format, like the SDK, plus raw headers no honest writer produces.</summary>
internal sealed class LayerBuilder : IDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;

    public LayerBuilder() => _writer = new TarWriter(_tar, TarEntryFormat.Pax, leaveOpen: true);

    /// <summary>The mtime of the entries added from now on; a fixed date unless a test sets another.</summary>
    public DateTimeOffset ModificationTime { get; set; } = Epoch;

    public LayerBuilder File(string path, string content = "", UnixFileMode mode = Modes.File, int uid = 0, int gid = 0, IReadOnlyDictionary<string, string>? xattrs = null) =>
        File(path, Encoding.UTF8.GetBytes(content), mode, uid, gid, xattrs);

    public LayerBuilder File(string path, byte[] content, UnixFileMode mode = Modes.File, int uid = 0, int gid = 0, IReadOnlyDictionary<string, string>? xattrs = null)
    {
        var attributes = xattrs?.ToDictionary(x => "SCHILY.xattr." + x.Key, x => x.Value) ?? [];
        return Add(new PaxTarEntry(TarEntryType.RegularFile, path, attributes) { DataStream = new MemoryStream(content) }, mode, uid, gid);
    }

    public LayerBuilder Directory(string path, UnixFileMode mode = Modes.Directory, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, path), mode, uid, gid);

    public LayerBuilder Symlink(string path, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, path) { LinkName = target }, Modes.Symlink, 0, 0);

    /// <summary>A hard link as tar writers emit it: no data, and (as GNU tar does) no mode of its own.</summary>
    public LayerBuilder HardLink(string path, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, path) { LinkName = target }, UnixFileMode.None, 0, 0);

    /// <summary>A character or block device node, as mknod makes them.</summary>
    public LayerBuilder Device(string path, bool block = false, UnixFileMode mode = Modes.File) =>
        Add(new PaxTarEntry(block ? TarEntryType.BlockDevice : TarEntryType.CharacterDevice, path) { DeviceMajor = 1, DeviceMinor = 3 }, mode, 0, 0);

    public LayerBuilder Whiteout(string path)
    {
        int slash = path.LastIndexOf('/');
        return File(slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..]);
    }

    public LayerBuilder Opaque(string directory) => File(directory + "/.wh..wh..opq");

    /// <summary>A ustar header that declares <paramref name="size"/> bytes (base-256 encoded, as GNU tar does for sizes of 8 GiB and more) and carries none.</summary>
    public LayerBuilder DeclaredSize(string path, long size)
    {
        byte[] header = new byte[512];
        Encoding.ASCII.GetBytes(path).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 116);
        header[124] = 0x80;
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(128, 8), size);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)'0';
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(header, 257);
        "        "u8.CopyTo(header.AsSpan(148));
        int checksum = header.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        // TarWriter writes straight through, so a raw header can sit between its entries.
        _tar.Write(header);
        return this;
    }

    /// <summary>The finished tar, end-of-archive blocks included.</summary>
    public byte[] ToTar()
    {
        _writer.Dispose();
        return _tar.ToArray();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _tar.Dispose();
    }

    private LayerBuilder Add(PaxTarEntry entry, UnixFileMode mode, int uid, int gid)
    {
        entry.Mode = mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = ModificationTime;
        _writer.WriteEntry(entry);
        return this;
    }
}

/// <summary>Modes the fixtures use, named so a test reads as what it sets up.</summary>
internal static class Modes
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode Executable = File | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    public const UnixFileMode Directory = Executable | UnixFileMode.UserWrite;
    public const UnixFileMode Symlink = (UnixFileMode)0x1FF;
    public const UnixFileMode SetUid = Executable | UnixFileMode.SetUser;
}
