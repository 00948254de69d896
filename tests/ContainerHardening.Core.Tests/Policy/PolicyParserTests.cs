using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Tests.Policy;

public class PolicyParserTests
{
    private const string File = "/repo/container-hardening.yml";

    [Fact]
    public void A_full_policy_is_read_without_findings()
    {
        PolicyLoadResult result = Parse(
            "# comment",
            "rules:",
            "  CH1002: error",
            "  CH1003:",
            "    severity: None",
            "options:",
            "  allowedBaseRegistries: [mcr.microsoft.com, localhost:5000]",
            "  maxImageSizeMb: 300",
            "  allowedPorts: [8080, 8443]",
            "  maxBaseAgeDays: 90",
            "  allowInsecureRegistries:",
            "    - localhost:5000",
            "suppressions:",
            "  - rule: CH1002",
            "    path: /app/legacy/**",
            "    match: \"some subject text\"",
            "    reason: vendor binary, tracked in JIRA-123",
            "    expires: 2027-03-31");

        Assert.Empty(result.Findings);
        ContainerPolicy policy = result.Policy;
        Assert.Equal(File, policy.File);
        Assert.Equal(Severity.Error, policy.RuleSeverities["CH1002"]);
        Assert.Equal(Severity.None, policy.RuleSeverities["CH1003"]);
        Assert.Equal(["mcr.microsoft.com", "localhost:5000"], policy.Options.AllowedBaseRegistries!);
        Assert.Equal(300, policy.Options.MaxImageSizeMb);
        Assert.Equal([8080, 8443], policy.Options.AllowedPorts!);
        Assert.Equal(90, policy.Options.MaxBaseAgeDays);
        Assert.Equal(["localhost:5000"], policy.Options.AllowInsecureRegistries!);
        Suppression suppression = Assert.Single(policy.Suppressions);
        Assert.Equal(new Suppression("CH1002", "/app/legacy/**", "some subject text", "vendor binary, tracked in JIRA-123", new DateOnly(2027, 3, 31), 14, 5), suppression);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment")]
    [InlineData("---")]
    public void An_empty_policy_changes_nothing(string text)
    {
        PolicyLoadResult result = PolicyParser.Parse(text, File);

        Assert.Empty(result.Findings);
        Assert.Empty(result.Policy.RuleSeverities);
        Assert.Equal(PolicyOptions.None, result.Policy.Options);
        Assert.Empty(result.Policy.Suppressions);
    }

    [Fact]
    public void Options_left_out_stay_unset()
    {
        PolicyLoadResult result = Parse("options:", "  maxImageSizeMb: 10");

        Assert.Empty(result.Findings);
        Assert.Equal(new PolicyOptions(MaxImageSizeMb: 10), result.Policy.Options);
    }

    [Fact]
    public void Anchors_and_aliases_are_followed()
    {
        PolicyLoadResult result = Parse(
            "options:",
            "  allowedBaseRegistries: &registries [mcr.microsoft.com]",
            "  allowInsecureRegistries: *registries");

        Assert.Empty(result.Findings);
        Assert.Equal(["mcr.microsoft.com"], result.Policy.Options.AllowInsecureRegistries!);
    }

    public static TheoryData<string, string, int, int> BadPolicies => new()
    {
        // YAML that does not parse: the position is YamlDotNet's, the message its text without a stack trace.
        { "rules: [CH1002\noptions: {}", DiagnosticIds.PolicyNotYaml, 1, 8 },
        { "rules: a\n  CH1002: b: c", DiagnosticIds.PolicyNotYaml, 2, 9 },
        { "options:\n  allowedPorts: *ports", DiagnosticIds.PolicyNotYaml, 2, 17 },
        { "rules:\n  CH1002: error\n\tCH1003: none", DiagnosticIds.PolicyTabIndentation, 3, 1 },
        { "rules:\n  CH1002: error\n  CH1002: none", DiagnosticIds.PolicyDuplicateKey, 3, 3 },
        { "rule:\n  CH1002: error", DiagnosticIds.PolicyUnknownKey, 1, 1 },
        { "options:\n  maxImageSize: 300", DiagnosticIds.PolicyUnknownKey, 2, 3 },
        { "rules:\n  CH1003:\n    severity: none\n    level: none", DiagnosticIds.PolicyUnknownKey, 4, 5 },
        { "suppressions:\n  - rule: CH1002\n    reason: r\n    because: x", DiagnosticIds.PolicyUnknownKey, 4, 5 },
        { "options:\n  maxImageSizeMb: big", DiagnosticIds.PolicyInvalidValue, 2, 19 },
        { "options:\n  maxImageSizeMb: \"300\"", DiagnosticIds.PolicyInvalidValue, 2, 19 },
        { "options:\n  maxImageSizeMb: 0", DiagnosticIds.PolicyInvalidValue, 2, 19 },
        { "options:\n  maxBaseAgeDays: [90]", DiagnosticIds.PolicyInvalidValue, 2, 19 },
        { "options:\n  allowedPorts: [8080, 70000]", DiagnosticIds.PolicyInvalidValue, 2, 24 },
        { "options:\n  allowedBaseRegistries: mcr.microsoft.com", DiagnosticIds.PolicyInvalidValue, 2, 26 },
        { "options:\n  allowInsecureRegistries: [\"\"]", DiagnosticIds.PolicyInvalidValue, 2, 29 },
        { "options: [maxImageSizeMb]", DiagnosticIds.PolicyInvalidValue, 1, 10 },
        { "- rules", DiagnosticIds.PolicyInvalidValue, 1, 1 },
        { "rules:\n  CH1002: fatal", DiagnosticIds.PolicyInvalidValue, 2, 11 },
        { "rules:\n  CH1003:\n    severity:", DiagnosticIds.PolicyInvalidValue, 3, 14 },
        { "suppressions:\n  rule: CH1002", DiagnosticIds.PolicyInvalidValue, 2, 3 },
        { "suppressions:\n  - rule: CH1002\n    reason: r\n    expires: 31.03.2027", DiagnosticIds.PolicyInvalidValue, 4, 14 },
        { "suppressions:\n  - rule: CH1002\n    reason: r\n    expires: 2027-02-30", DiagnosticIds.PolicyInvalidValue, 4, 14 },
        { "rules:\n  [a]: error", DiagnosticIds.PolicyInvalidValue, 2, 3 },
        { "rules:\n  CH9999: error", DiagnosticIds.PolicyUnknownRule, 2, 3 },
        { "rules:\n  ch1002: error", DiagnosticIds.PolicyUnknownRule, 2, 3 },
        { "rules:\n  CH12: error", DiagnosticIds.PolicyUnknownRule, 2, 3 },
        { "suppressions:\n  - rule: CH12\n    reason: r", DiagnosticIds.PolicyUnknownRule, 2, 11 },
        { "suppressions:\n  - rule: CH1002\n    path: /app/**", DiagnosticIds.PolicyMissingKey, 2, 5 },
        { "suppressions:\n  - reason: r", DiagnosticIds.PolicyMissingKey, 2, 5 },
        { "rules:\n  CH1003: {}", DiagnosticIds.PolicyMissingKey, 2, 11 },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void Bad_input_is_reported_at_the_offending_node(string text, string id, int line, int column)
    {
        PolicyLoadResult result = PolicyParser.Parse(text, File);

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal((id, File, line, column), (finding.Rule.Id, finding.File, finding.Line, finding.Column));
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.DoesNotContain("   at ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_says_what_is_expected_and_what_was_found()
    {
        Finding finding = Assert.Single(Parse("options:", "  maxImageSizeMb: big").Findings);

        Assert.Equal("options.maxImageSizeMb must be a whole number greater than 0; found 'big'.", finding.Message);
    }

    [Fact]
    public void A_duplicate_key_names_the_first_line_and_the_first_value_wins()
    {
        PolicyLoadResult result = Parse("rules:", "  CH1002: error", "  CH1002: none");

        Assert.Contains("(first at line 2)", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Error, result.Policy.RuleSeverities["CH1002"]);
    }

    [Fact]
    public void An_unknown_key_lists_the_allowed_keys()
    {
        Finding finding = Assert.Single(Parse("rule: {}").Findings);

        Assert.Contains("rules, options, suppressions", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_and_the_good_parts_are_still_read()
    {
        PolicyLoadResult result = Parse(
            "rules:",
            "  CH1002: fatal",
            "  CH1003: warning",
            "options:",
            "  allowedPorts: [80, x, 8080]",
            "suppressions:",
            "  - rule: CH1002",
            "  - rule: CH1003",
            "    reason: ok");

        Assert.Equal(
            [(DiagnosticIds.PolicyInvalidValue, 2), (DiagnosticIds.PolicyInvalidValue, 5), (DiagnosticIds.PolicyMissingKey, 7)],
            result.Findings.Select(f => (f.Rule.Id, f.Line)));
        Assert.Equal(Severity.Warning, Assert.Single(result.Policy.RuleSeverities).Value);
        Assert.Equal([80, 8080], result.Policy.Options.AllowedPorts!);
        Assert.Equal("CH1003", Assert.Single(result.Policy.Suppressions).RuleId);
    }

    [Fact]
    public void A_suppression_without_rule_and_reason_reports_both()
    {
        PolicyLoadResult result = Parse("suppressions:", "  - path: /app/**");

        Assert.Equal(2, result.Findings.Count(f => f.Rule.Id == DiagnosticIds.PolicyMissingKey));
        Assert.Empty(result.Policy.Suppressions);
    }

    private static PolicyLoadResult Parse(params string[] lines) => PolicyParser.Parse(string.Join('\n', lines), File);
}
