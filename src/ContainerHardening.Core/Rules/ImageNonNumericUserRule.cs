using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1003 for the built image: the config's user is a name (other than root, which CH1001 reports).</summary>
internal sealed class ImageNonNumericUserRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.NonNumericUser;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        UserSpec user = facts.User;
        if (!user.IsEmpty && user.User != "root" && user.NumericUid is null)
        {
            string shown = facts.Container.User!;
            yield return Finding.CreateVariant(Info, "Image", shown).About("User=" + shown);
        }
    }
}
