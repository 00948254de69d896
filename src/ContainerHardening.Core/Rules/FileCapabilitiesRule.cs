using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH2003: a file with the security.capability extended attribute (file capabilities, as setcap writes them).</summary>
internal sealed class FileCapabilitiesRule : IImageRule
{
    private const string CapabilityAttribute = "security.capability";

    public RuleInfo Info => RuleCatalog.FileCapabilities;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        facts.Filesystem.Entries.Values
            .Where(entry => entry.Kind is EntryKind.File or EntryKind.HardLink && entry.ExtendedAttributes.ContainsKey(CapabilityAttribute))
            .OrderBy(entry => entry.Path, StringComparer.Ordinal)
            .Select(entry => Finding.Create(Info, ImageFacts.Absolute(entry.Path)).About(ImageFacts.Absolute(entry.Path)));
}
