using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Tests.Policy;

public class SuppressionMatcherTests
{
    private const string PolicyFile = "/repo/container-hardening.yml";
    private static readonly DateOnly Today = new(2027, 3, 31);

    private static readonly Finding LegacyRootFile = new(RuleCatalog.RunsAsRoot, Severity.Error, "ContainerUser is 'root'.", Subject: "/app/legacy/vendor.so");
    private static readonly Finding AppRootFile = new(RuleCatalog.RunsAsRoot, Severity.Error, "ContainerUser is 'root'.", Subject: "/app/App.dll");
    private static readonly Finding Port80 = new(RuleCatalog.PrivilegedPort, Severity.Warning, "ContainerPort 80 is below 1024.");

    [Fact]
    public void A_path_suppression_silences_only_matching_subjects_of_its_rule()
    {
        Suppression legacy = Suppress(path: "/app/legacy/**");

        SuppressionResult result = Apply([LegacyRootFile, AppRootFile, Port80], legacy);

        Assert.Equal([AppRootFile, Port80], result.Kept);
        Assert.Equal(new SuppressedFinding(LegacyRootFile, legacy), Assert.Single(result.Suppressed));
        Assert.Equal("vendor binary, JIRA-123", result.Suppressed[0].Suppression.Reason);
    }

    [Fact]
    public void A_match_suppression_looks_in_the_message_and_the_subject()
    {
        Assert.True(SuppressionMatcher.Matches(Suppress(DiagnosticIds.PrivilegedPort, match: "port 80 "), Port80 with { Message = "port 80 is low" }));
        Assert.True(SuppressionMatcher.Matches(Suppress(match: "vendor.so"), LegacyRootFile));
        Assert.False(SuppressionMatcher.Matches(Suppress(match: "vendor.so"), AppRootFile));
    }

    [Fact]
    public void Path_and_match_must_both_hold()
    {
        Assert.True(SuppressionMatcher.Matches(Suppress(path: "/app/**", match: "legacy"), LegacyRootFile));
        Assert.False(SuppressionMatcher.Matches(Suppress(path: "/app/**", match: "legacy"), AppRootFile));
    }

    [Fact]
    public void A_path_suppression_does_not_match_a_finding_without_a_subject()
    {
        Assert.False(SuppressionMatcher.Matches(Suppress(DiagnosticIds.PrivilegedPort, path: "**"), Port80));
    }

    [Fact]
    public void A_suppression_without_conditions_silences_every_finding_of_its_rule()
    {
        SuppressionResult result = Apply([LegacyRootFile, AppRootFile, Port80], Suppress());

        Assert.Equal([Port80], result.Kept);
        Assert.Equal(2, result.Suppressed.Count);
    }

    [Fact]
    public void A_suppression_still_applies_on_its_expiry_date()
    {
        SuppressionResult result = Apply([LegacyRootFile], Suppress(expires: Today));

        Assert.Empty(result.Kept);
        Assert.Single(result.Suppressed);
    }

    [Fact]
    public void An_expired_suppression_stops_suppressing_and_is_reported_at_its_line()
    {
        SuppressionResult result = Apply([LegacyRootFile], Suppress(expires: Today.AddDays(-1)));

        Assert.Empty(result.Suppressed);
        Assert.Equal([LegacyRootFile], result.Kept);
        Finding expired = Assert.Single(SuppressionMatcher.Expired(Policy(Suppress(expires: Today.AddDays(-1))), Today));
        Assert.Equal((DiagnosticIds.SuppressionExpired, Severity.Warning, PolicyFile, 7, 5), (expired.Rule.Id, expired.Severity, expired.File, expired.Line, expired.Column));
        Assert.Equal($"The suppression of CH1001 at {PolicyFile}:7 expired on 2027-03-30, so its findings are reported again. Fix them, or renew the suppression with a new 'expires' date and a current reason.", expired.Message);
    }

    [Fact]
    public void An_expired_suppression_is_reported_once_whatever_it_matches()
    {
        Assert.Equal(DiagnosticIds.SuppressionExpired, Assert.Single(SuppressionMatcher.Expired(Policy(Suppress(expires: Today.AddDays(-1))), Today)).Rule.Id);
        Assert.Empty(SuppressionMatcher.Expired(Policy(Suppress(expires: Today)), Today));
    }

    [Fact]
    public void Suppressions_read_from_a_policy_file_apply_to_findings()
    {
        PolicyLoadResult loaded = PolicyParser.Parse("suppressions:\n  - rule: CH1001\n    path: /app/legacy/*\n    reason: vendor\n", PolicyFile);

        SuppressionResult result = SuppressionMatcher.Apply([LegacyRootFile, AppRootFile], loaded.Policy, Today);

        Assert.Equal([AppRootFile], result.Kept);
        Assert.Equal("vendor", Assert.Single(result.Suppressed).Suppression.Reason);
    }

    private static SuppressionResult Apply(Finding[] findings, params Suppression[] suppressions) =>
        SuppressionMatcher.Apply(findings, Policy(suppressions), Today);

    private static ContainerPolicy Policy(params Suppression[] suppressions) =>
        ContainerPolicy.Empty with { File = PolicyFile, Suppressions = suppressions };

    private static Suppression Suppress(string rule = DiagnosticIds.RunsAsRoot, string? path = null, string? match = null, DateOnly? expires = null) =>
        new(rule, path, match, "vendor binary, JIRA-123", expires, 7, 5);
}
