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
    public void A_windows_image_gets_only_the_platform_neutral_rules()
    {
        ImageFacts facts = Facts(without: ["etc/passwd", "libicu", "zoneinfo", "Microsoft.NETCore.App", "Microsoft.AspNetCore.App"],
            config: c => c with { User = "ContainerUser", Entrypoint = ["C:\\app\\App.exe"], ExposedPorts = ["80/tcp"] });
        facts = facts with { Config = facts.Config with { OS = "windows" }, App = WebApp with { RuntimeIdentifier = "win-x64" } };

        Assert.Equal([DiagnosticIds.PortNotAllowed], ImageRules.Check(facts).Select(f => f.Rule.Id));
        Assert.Contains(ImageRules.Check(facts with { Config = facts.Config with { OS = "linux" } }), f => f.Rule.Id == DiagnosticIds.UnknownImageUser);
    }

    [Fact]
    public void Every_image_rule_has_its_own_catalogued_id()
    {
        string[] ids = ImageRules.All.Select(r => r.Info.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ImageRules.All, rule => Assert.Same(RuleCatalog.Find(rule.Info.Id), rule.Info));
    }
}
