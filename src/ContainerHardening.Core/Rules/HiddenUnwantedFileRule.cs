using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>
/// CH2008: a file matching <see cref="UnwantedFiles"/> that a higher layer deletes or replaces: the container cannot see
/// it, but it still ships in the lower layer. The message names both layers.
/// </summary>
internal sealed class HiddenUnwantedFileRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.HiddenUnwantedFile;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        foreach (HiddenEntry hidden in facts.Filesystem.HiddenEntries)
        {
            if (UnwantedFiles.Match(hidden.Entry) is string pattern)
            {
                string path = ImageFacts.Absolute(hidden.Entry.Path);
                yield return Finding.Create(Info, path, pattern, hidden.HiddenByLayerDigest, hidden.Entry.LayerDigest).About(path);
            }
        }
    }
}
