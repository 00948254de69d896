using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1008: the config's working directory is not a directory of the merged filesystem.</summary>
internal sealed class WorkingDirectoryMissingRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.WorkingDirectoryMissing;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        string? workingDir = facts.Container.WorkingDir;
        if (string.IsNullOrEmpty(workingDir) || workingDir.Trim('/').Length == 0)
        {
            yield break;
        }

        bool exists = facts.Filesystem.Resolve(workingDir) is { Kind: EntryKind.Directory } || facts.HasAnythingUnder(workingDir);
        if (!exists)
        {
            yield return Finding.Create(Info, workingDir, facts.AppDirectory).About(workingDir);
        }
    }
}
