using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;

namespace ContainerHardening.Rules;

/// <summary>
/// CH1007: the program the container starts (the entrypoint's first word, else the command's) is missing from the
/// merged filesystem, not in PATH (for a bare name like "dotnet"), or not executable by the image user. Symlinks are
/// followed; a relative path starts at the working directory.
/// </summary>
internal sealed class EntrypointNotExecutableRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.EntrypointNotExecutable;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        ContainerConfig container = facts.Container;
        (string kind, string? program) = container.Entrypoint is [var entrypoint, ..] ? ("entrypoint", entrypoint)
            : container.Cmd is [var command, ..] ? ("command", command)
            : ("entrypoint", null);
        if (string.IsNullOrEmpty(program))
        {
            yield return Finding.CreateVariant(Info, "NoCommand").About(facts.ImageName);
            yield break;
        }

        string? problem;
        if (!program.Contains('/', StringComparison.Ordinal))
        {
            ImageEntry? found = facts.PathDirectories
                .Select(directory => facts.Filesystem.Resolve(directory + "/" + program))
                .FirstOrDefault(entry => entry is { Kind: EntryKind.File or EntryKind.HardLink });
            problem = found is null
                ? Strings.Format(DiagnosticIds.EntrypointNotExecutable + "_NotInPath", string.Join(':', facts.PathDirectories))
                : NotExecutable(facts, found);
        }
        else
        {
            string path = program.StartsWith('/') ? program : (facts.Container.WorkingDir ?? "/") + "/" + program;
            ImageEntry? entry = facts.Filesystem.Resolve(path);
            problem = entry is not { Kind: EntryKind.File or EntryKind.HardLink }
                ? Strings.Get(DiagnosticIds.EntrypointNotExecutable + "_Missing")
                : NotExecutable(facts, entry);
        }

        if (problem is not null)
        {
            yield return Finding.Create(Info, kind, program, problem).About(program);
        }
    }

    private static string? NotExecutable(ImageFacts facts, ImageEntry entry) =>
        FilePermissions.CanExecute(entry, facts.ResolveUser())
            ? null
            : Strings.Format(DiagnosticIds.EntrypointNotExecutable + "_NotExecutable", facts.Container.User ?? string.Empty);
}
