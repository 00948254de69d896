using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>
/// CH5006: a linux-musl-* app on an image without the musl loader (/lib/ld-musl-*), or a glibc app (linux-*) on an
/// image that has only the musl loader and no glibc one (ld-linux-*).
/// </summary>
internal sealed class LibcMismatchRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.LibcMismatch;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (RuntimeFacts.ParseRid(facts.App.RuntimeIdentifier) is not (_, bool musl))
        {
            yield break;
        }

        bool hasMusl = facts.HasFileNamed("ld-musl-");
        bool hasGlibc = facts.HasFileNamed("ld-linux");
        string? problem = musl && !hasMusl ? "_NoMusl" : !musl && hasMusl && !hasGlibc ? "_OnlyMusl" : null;
        if (problem is not null)
        {
            yield return Finding.Create(Info, facts.App.RuntimeIdentifier, Strings.Get(DiagnosticIds.LibcMismatch + problem)).About(facts.App.RuntimeIdentifier!);
        }
    }
}
