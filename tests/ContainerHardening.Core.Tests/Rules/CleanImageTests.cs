using ContainerHardening.Diagnostics;
using ContainerHardening.Rules;

namespace ContainerHardening.Tests.Rules;

public sealed class CleanImageTests : RuleFixture
{
    [Fact]
    public void The_clean_chiseled_like_image_has_no_findings()
    {
        Assert.Empty(ImageRules.Check(Facts()));
    }

    [Fact]
    public void The_clean_image_has_no_findings_without_a_policy_either()
    {
        Assert.Empty(ImageRules.Check(Facts() with { Policy = ContainerHardening.Policy.PolicyOptions.None }));
    }

    [Fact]
    public void Every_image_rule_has_its_own_catalogued_id()
    {
        string[] ids = ImageRules.All.Select(r => r.Info.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ImageRules.All, rule => Assert.Same(RuleCatalog.Find(rule.Info.Id), rule.Info));
    }
}
