using ContainerHardening.Analysis;

namespace ContainerHardening.Rules;

/// <summary>The kernel's permission check for one entry and one process identity, without supplementary groups.</summary>
internal static class FilePermissions
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static bool HasAnyExecuteBit(ImageEntry entry) => (entry.Mode & AnyExecute) != 0;

    /// <summary>Root may execute a file when any x bit is set; others need the bit of the class they fall in.</summary>
    public static bool CanExecute(ImageEntry entry, (int? Uid, int? Gid) user) =>
        user.Uid == 0 ? HasAnyExecuteBit(entry) : Has(entry, user, UnixFileMode.UserExecute, UnixFileMode.GroupExecute, UnixFileMode.OtherExecute);

    /// <summary>
    /// Whether <paramref name="user"/> can write the entry: as its owner, as its group, or as anyone. A group-writable
    /// entry counts even when the user's group is unknown, since supplementary groups can grant it.
    /// </summary>
    public static bool CanWrite(ImageEntry entry, (int? Uid, int? Gid) user) =>
        entry.Mode.HasFlag(UnixFileMode.OtherWrite)
        || entry.Mode.HasFlag(UnixFileMode.GroupWrite)
        || (entry.Uid == user.Uid && entry.Mode.HasFlag(UnixFileMode.UserWrite));

    public static bool HasAnyWriteBit(ImageEntry entry) => (entry.Mode & AnyWrite) != 0;

    private static bool Has(ImageEntry entry, (int? Uid, int? Gid) user, UnixFileMode owner, UnixFileMode group, UnixFileMode other) =>
        entry.Uid == user.Uid ? entry.Mode.HasFlag(owner)
        : entry.Gid == user.Gid ? entry.Mode.HasFlag(group)
        : entry.Mode.HasFlag(other);
}
