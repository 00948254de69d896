using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>
/// CH2004: files or directories in the app directory that the image user can write: owned by its UID with the owner
/// write bit, or group- or other-writable. One finding per image. An image user of root is CH1001's business.
/// </summary>
internal sealed class AppFilesWritableRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.AppFilesWritable;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        (int? Uid, int? Gid) user = facts.ResolveUser();
        if (user.Uid == 0 || facts.AppPath.Length == 0)
        {
            yield break;
        }

        string[] writable = facts.Filesystem.Entries.Values
            .Where(entry => entry.Kind is EntryKind.File or EntryKind.HardLink or EntryKind.Directory
                && facts.IsAppPath(entry.Path) && FilePermissions.CanWrite(entry, user))
            .Select(entry => entry.Path)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (writable.Length > 0)
        {
            yield return Finding.Create(Info, writable.Length, facts.AppDirectory, facts.Container.User, Examples.Of(writable))
                .About(facts.AppDirectory);
        }
    }
}
