using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH2009: a character or block device node anywhere but under /dev.</summary>
internal sealed class DeviceNodeOutsideDevRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.DeviceNodeOutsideDev;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        facts.Filesystem.Entries.Values
            .Where(entry => entry.Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice
                && !entry.Path.StartsWith("dev/", StringComparison.Ordinal))
            .OrderBy(entry => entry.Path, StringComparer.Ordinal)
            .Select(entry => Finding.Create(Info, ImageFacts.Absolute(entry.Path),
                    Strings.Get(DiagnosticIds.DeviceNodeOutsideDev + (entry.Kind == EntryKind.CharacterDevice ? "_Character" : "_Block")))
                .About(ImageFacts.Absolute(entry.Path)));
}
