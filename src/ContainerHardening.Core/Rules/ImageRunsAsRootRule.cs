using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1001 for the built image: its config's user is missing, empty, root, UID 0, or a name that is UID 0 in /etc/passwd.</summary>
internal sealed class ImageRunsAsRootRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.RunsAsRoot;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        UserSpec user = facts.User;
        if (user.IsEmpty || user.User == "root" || facts.ResolveUser().Uid == 0)
        {
            string shown = facts.Container.User ?? string.Empty;
            yield return Finding.CreateVariant(Info, "Image", shown).About("User=" + shown);
        }
    }
}
