using ContainerHardening.Diagnostics;
using ContainerHardening.Image;

namespace ContainerHardening.Rules;

/// <summary>
/// CH4002: the base image's registry is not in options.allowedBaseRegistries (only when the policy sets the list). An
/// entry may also name a repository prefix ("mcr.microsoft.com/dotnet"). Registry names compare case-insensitively.
/// </summary>
internal sealed class BaseRegistryNotAllowedRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.BaseRegistryNotAllowed;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        if (facts.BaseImage is not BaseImageReference reference || facts.Policy.AllowedBaseRegistries is not IReadOnlyList<string> allowed)
        {
            yield break;
        }

        string name = reference.Registry + "/" + reference.Repository;
        bool isAllowed = allowed.Any(entry =>
            string.Equals(entry, reference.Registry, StringComparison.OrdinalIgnoreCase)
            || name.StartsWith(entry.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase));
        if (!isAllowed)
        {
            yield return Finding.Create(Info, reference.ToString(), reference.Registry, string.Join(", ", allowed)).About(reference.ToString());
        }
    }
}
