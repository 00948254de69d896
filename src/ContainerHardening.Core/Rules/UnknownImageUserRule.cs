using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1005: the config's user or group is a name that the image's /etc/passwd or /etc/group does not define.</summary>
internal sealed class UnknownImageUserRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.UnknownImageUser;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        UserSpec user = facts.User;
        string shown = facts.Container.User ?? string.Empty;
        if (!user.IsEmpty && user.NumericUid is null && user.User != "root"
            && !AccountFile.Read(facts.FileContents.GetValueOrDefault("etc/passwd")).ContainsKey(user.User))
        {
            yield return Finding.Create(Info, shown, "user", user.User, "passwd").About("User=" + shown);
        }

        if (user.Group is { Length: > 0 } group && user.NumericGid is null
            && !AccountFile.Read(facts.FileContents.GetValueOrDefault("etc/group")).ContainsKey(group))
        {
            yield return Finding.Create(Info, shown, "group", group, "group").About("User=" + shown);
        }
    }
}
