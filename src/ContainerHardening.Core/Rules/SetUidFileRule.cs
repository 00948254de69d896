using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH2001: a file (or a hard link to one, which shares its mode) with the setuid or setgid bit.</summary>
internal sealed class SetUidFileRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.SetUidFile;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        facts.Filesystem.Entries.Values
            .Where(entry => entry.Kind is EntryKind.File or EntryKind.HardLink && (entry.IsSetUid || entry.IsSetGid))
            .OrderBy(entry => entry.Path, StringComparer.Ordinal)
            .Select(entry => Finding.Create(Info, ImageFacts.Absolute(entry.Path), Bits(entry)).About(ImageFacts.Absolute(entry.Path)));

    private static string Bits(ImageEntry entry) =>
        Strings.Get(DiagnosticIds.SetUidFile + (entry.IsSetUid && entry.IsSetGid ? "_Both" : entry.IsSetUid ? "_SetUid" : "_SetGid"));
}
