using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Tests.Policy;

public class SeverityResolverTests
{
    // CH1002 defaults to warning, CH1001 to error, CH1003 to info.
    private static readonly Finding Port = Finding.Create(RuleCatalog.PrivilegedPort, 80);
    private static readonly Finding Root = Finding.Create(RuleCatalog.RunsAsRoot, "root");
    private static readonly Finding NamedUser = Finding.Create(RuleCatalog.NonNumericUser, "app");

    [Fact]
    public void Without_settings_the_findings_own_severity_stands()
    {
        var resolver = new SeverityResolver(new SeveritySettings());

        Assert.Equal([Severity.Warning, Severity.Error, Severity.Info], new[] { Port, Root, NamedUser }.Select(resolver.Resolve));
    }

    [Fact]
    public void Org_defaults_override_the_built_in_default()
    {
        Assert.Equal(Severity.Error, Resolve(Port, new() { OrgDefaults = Map(Severity.Error) }));
    }

    [Fact]
    public void The_policy_file_overrides_org_defaults()
    {
        Assert.Equal(Severity.Info, Resolve(Port, new() { OrgDefaults = Map(Severity.Error), PolicyFile = Map(Severity.Info) }));
    }

    [Fact]
    public void A_project_override_wins_over_everything()
    {
        SeveritySettings settings = new() { OrgDefaults = Map(Severity.Error), PolicyFile = Map(Severity.Info), ProjectOverrides = Map(Severity.None) };

        Assert.Equal(Severity.None, Resolve(Port, settings));
    }

    [Fact]
    public void Layers_only_affect_the_rules_they_name()
    {
        Assert.Equal(Severity.Error, Resolve(Root, new() { ProjectOverrides = Map(Severity.None) }));
    }

    [Fact]
    public void Audit_mode_reports_errors_as_warnings_and_leaves_the_rest()
    {
        SeveritySettings audit = new() { Mode = EnforcementMode.Audit };

        Assert.Equal(Severity.Warning, Resolve(Root, audit));
        Assert.Equal(Severity.Warning, Resolve(Port, audit));
        Assert.Equal(Severity.Info, Resolve(NamedUser, audit));
    }

    [Fact]
    public void Audit_mode_applies_after_the_layers()
    {
        Assert.Equal(Severity.Warning, Resolve(NamedUser, new() { Mode = EnforcementMode.Audit, PolicyFile = Map(Severity.Error, "CH1003") }));
    }

    [Fact]
    public void Off_mode_reports_nothing()
    {
        SeveritySettings off = new() { Mode = EnforcementMode.Off, ProjectOverrides = Map(Severity.Error), TreatWarningsAsErrors = true };

        Assert.All(new[] { Port, Root, NamedUser }, finding => Assert.Equal(Severity.None, Resolve(finding, off)));
    }

    [Fact]
    public void NoWarn_removes_warnings_and_infos_but_not_errors()
    {
        SeveritySettings settings = new() { NoWarn = ["CS1591;CH1002", "ch1003,CH1001"] };

        Assert.Equal(Severity.None, Resolve(Port, settings));
        Assert.Equal(Severity.None, Resolve(NamedUser, settings));
        Assert.Equal(Severity.Error, Resolve(Root, settings));
    }

    [Fact]
    public void NoWarn_removes_an_error_that_audit_mode_turned_into_a_warning()
    {
        Assert.Equal(Severity.None, Resolve(Root, new() { Mode = EnforcementMode.Audit, NoWarn = ["CH1001"] }));
    }

    [Fact]
    public void WarningsAsErrors_promotes_only_the_listed_warnings()
    {
        SeveritySettings settings = new() { WarningsAsErrors = ["CH1002", "CH1003"] };

        Assert.Equal(Severity.Error, Resolve(Port, settings));
        Assert.Equal(Severity.Info, Resolve(NamedUser, settings));
    }

    [Fact]
    public void TreatWarningsAsErrors_promotes_every_warning_but_not_infos()
    {
        SeveritySettings settings = new() { TreatWarningsAsErrors = true };

        Assert.Equal(Severity.Error, Resolve(Port, settings));
        Assert.Equal(Severity.Info, Resolve(NamedUser, settings));
    }

    [Fact]
    public void TreatWarningsAsErrors_promotes_a_warning_set_by_a_layer()
    {
        Assert.Equal(Severity.Error, Resolve(NamedUser, new() { PolicyFile = Map(Severity.Warning, "CH1003"), TreatWarningsAsErrors = true }));
    }

    [Fact]
    public void NoWarn_wins_over_WarningsAsErrors_as_in_the_compiler()
    {
        Assert.Equal(Severity.None, Resolve(Port, new() { NoWarn = ["CH1002"], WarningsAsErrors = ["CH1002"], TreatWarningsAsErrors = true }));
    }

    [Fact]
    public void Audit_mode_is_not_undone_by_warnings_as_errors()
    {
        SeveritySettings settings = new() { Mode = EnforcementMode.Audit, TreatWarningsAsErrors = true, WarningsAsErrors = ["CH1001"] };

        Assert.Equal(Severity.Warning, Resolve(Root, settings));
        Assert.Equal(Severity.Warning, Resolve(Port, settings));
    }

    [Fact]
    public void All_steps_combine_in_order()
    {
        SeveritySettings settings = new()
        {
            OrgDefaults = new Dictionary<string, Severity> { ["CH1001"] = Severity.Warning, ["CH1002"] = Severity.Error, ["CH1003"] = Severity.Warning },
            PolicyFile = new Dictionary<string, Severity> { ["CH1002"] = Severity.Warning },
            ProjectOverrides = new Dictionary<string, Severity> { ["CH1003"] = Severity.Info },
            NoWarn = ["CH1002"],
            TreatWarningsAsErrors = true,
        };

        // CH1001: org warning, promoted. CH1002: policy warning, then NoWarn. CH1003: project info, untouched by promotion.
        IReadOnlyList<Finding> resolved = new SeverityResolver(settings).Apply([Root, Port, NamedUser]);

        Assert.Equal([(DiagnosticIds.RunsAsRoot, Severity.Error), (DiagnosticIds.NonNumericUser, Severity.Info)], resolved.Select(f => (f.Rule.Id, f.Severity)));
    }

    private static Severity Resolve(Finding finding, SeveritySettings settings) => new SeverityResolver(settings).Resolve(finding);

    private static Dictionary<string, Severity> Map(Severity severity, string id = DiagnosticIds.PrivilegedPort) => new() { [id] = severity };
}
