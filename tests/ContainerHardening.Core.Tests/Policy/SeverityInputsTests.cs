using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Tests.Policy;

public class SeverityInputsTests
{
    private const string Props = "/org/Directory.Build.props";

    [Fact]
    public void Items_become_severities_and_the_last_item_for_a_rule_wins()
    {
        List<Finding> problems = [];

        IReadOnlyDictionary<string, Severity> severities = SeverityInputs.ReadSeverities(
            [new("CH1002", "Error", Props), new(" CH1003 ", "none", Props), new("CH1002", "info", Props)], "ContainerHardeningRuleSeverity", problems);

        Assert.Empty(problems);
        Assert.Equal(new Dictionary<string, Severity> { ["CH1002"] = Severity.Info, ["CH1003"] = Severity.None }, severities);
    }

    [Fact]
    public void A_bad_item_is_reported_at_the_file_that_defined_it_and_left_out()
    {
        List<Finding> problems = [];

        IReadOnlyDictionary<string, Severity> severities = SeverityInputs.ReadSeverities(
            [new("CH9999", "error", Props), new("CH1002", "loud", Props)], "ContainerHardeningRuleSeverity", problems);

        Assert.Empty(severities);
        Assert.Equal([(DiagnosticIds.PolicyUnknownRule, Props), (DiagnosticIds.PolicyInvalidValue, Props)], problems.Select(p => (p.Rule.Id, p.File)));
        Assert.Equal("ContainerHardeningRuleSeverity 'CH1002' Severity must be one of error, warning, info, none; found 'loud'.", problems[1].Message);
    }

    [Theory]
    [InlineData(null, EnforcementMode.Enforce)]
    [InlineData("", EnforcementMode.Enforce)]
    [InlineData("enforce", EnforcementMode.Enforce)]
    [InlineData("Audit", EnforcementMode.Audit)]
    [InlineData(" off ", EnforcementMode.Off)]
    public void Mode_words_are_read_in_any_case(string? word, EnforcementMode expected)
    {
        List<Finding> problems = [];

        Assert.Equal(expected, SeverityInputs.ReadMode(word, "ContainerHardeningMode", problems));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("1")]
    public void A_bad_mode_is_reported_and_enforce_applies(string word)
    {
        List<Finding> problems = [];

        Assert.Equal(EnforcementMode.Enforce, SeverityInputs.ReadMode(word, "ContainerHardeningMode", problems));
        Assert.Equal(DiagnosticIds.PolicyInvalidValue, Assert.Single(problems).Rule.Id);
    }
}
