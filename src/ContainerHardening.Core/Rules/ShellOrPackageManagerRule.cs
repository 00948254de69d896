using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>
/// CH2006: a shell, package manager or download tool by name in a PATH directory (the config's PATH and the standard
/// ones). Links to the same file (busybox applets, /bin → /usr/bin) are reported once, under the first name found.
/// </summary>
internal sealed class ShellOrPackageManagerRule : IImageRule
{
    private static readonly string[] Tools =
        ["sh", "bash", "dash", "ash", "zsh", "busybox", "apt", "apt-get", "dpkg", "apk", "rpm", "yum", "dnf", "microdnf", "curl", "wget"];

    public RuleInfo Info => RuleCatalog.ShellOrPackageManager;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> directories = facts.PathDirectories.Concat(ImageFacts.DefaultPath.Split(':')).Distinct(StringComparer.Ordinal);
        foreach (string tool in Tools)
        {
            foreach (string directory in directories)
            {
                string path = directory.TrimEnd('/') + "/" + tool;
                if (facts.Filesystem.Resolve(path) is { Kind: EntryKind.File or EntryKind.HardLink } target && seen.Add(target.Path))
                {
                    yield return Finding.Create(Info, path).About(path);
                }
            }
        }
    }
}
