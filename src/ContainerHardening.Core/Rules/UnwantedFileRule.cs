using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH2007: a file or directory of the merged filesystem that matches <see cref="UnwantedFiles"/>.</summary>
internal sealed class UnwantedFileRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.UnwantedFile;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        facts.Filesystem.Entries.Values
            .Select(entry => (entry.Path, Pattern: UnwantedFiles.Match(entry)))
            .Where(match => match.Pattern is not null)
            .OrderBy(match => match.Path, StringComparer.Ordinal)
            .Select(match => Finding.Create(Info, ImageFacts.Absolute(match.Path), match.Pattern).About(ImageFacts.Absolute(match.Path)));
}
