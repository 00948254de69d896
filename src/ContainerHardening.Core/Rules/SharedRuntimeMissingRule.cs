using ContainerHardening.Diagnostics;
using ContainerHardening.Image;

namespace ContainerHardening.Rules;

/// <summary>
/// CH5004: a framework-dependent app, and no version directory of Microsoft.NETCore.App (and Microsoft.AspNetCore.App for
/// web apps) matching the target framework under DOTNET_ROOT, /usr/share/dotnet or /usr/lib/dotnet.
/// </summary>
internal sealed class SharedRuntimeMissingRule : IImageRule
{
    private const string DefaultRoot = "/usr/share/dotnet";

    public RuleInfo Info => RuleCatalog.SharedRuntimeMissing;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (!facts.App.FrameworkDependent)
        {
            yield break;
        }

        string[] roots = [.. facts.Environment.TryGetValue("DOTNET_ROOT", out string? root) ? [root] : Array.Empty<string>(), DefaultRoot, "/usr/lib/dotnet"];
        string[] frameworks = facts.App.UsesAspNetCore ? ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"] : ["Microsoft.NETCore.App"];
        foreach (string framework in frameworks)
        {
            if (!roots.Any(r => HasVersion(facts, r + "/shared/" + framework, facts.App.TargetFrameworkVersion)))
            {
                string version = facts.App.TargetFrameworkVersion ?? string.Empty;
                yield return Finding.Create(Info, framework, version, roots[0] + "/shared/" + framework).About(framework);
            }
        }
    }

    /// <summary>Whether a directory "&lt;version&gt;/" with anything in it sits under <paramref name="directory"/>.</summary>
    private static bool HasVersion(ImageFacts facts, string directory, string? version)
    {
        string resolved = facts.Filesystem.Resolve(directory)?.Path ?? ImagePaths.Normalize(directory) ?? string.Empty;
        string prefix = resolved + "/" + (version is null ? string.Empty : version + ".");
        return facts.Filesystem.Entries.Keys.Any(path => path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) > 0);
    }
}
