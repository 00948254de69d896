using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH2002: a file writable by others, or a directory writable by others without the sticky bit (/tmp has it).</summary>
internal sealed class WorldWritableRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.WorldWritable;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        facts.Filesystem.Entries.Values
            .Where(entry => entry.Mode.HasFlag(UnixFileMode.OtherWrite)
                && (entry.Kind is EntryKind.File or EntryKind.HardLink
                    || (entry.Kind == EntryKind.Directory && !entry.Mode.HasFlag(UnixFileMode.StickyBit))))
            .OrderBy(entry => entry.Path, StringComparer.Ordinal)
            .Select(entry => Finding.Create(Info, ImageFacts.Absolute(entry.Path),
                    Strings.Get(DiagnosticIds.WorldWritable + (entry.Kind == EntryKind.Directory ? "_Directory" : "_File")))
                .About(ImageFacts.Absolute(entry.Path)));
}
