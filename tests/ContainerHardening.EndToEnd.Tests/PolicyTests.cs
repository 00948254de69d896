using System.Text.Json;
using ContainerHardening.Tests.Infrastructure;
using NJsonSchema;

namespace ContainerHardening.Tests;

/// <summary>
/// The same finding — CH1002, a privileged port, a warning by default — reported as error, warning or not at all by
/// changing only the policy file, a Directory.Build.props item, a project item or a /p: switch, in the documented
/// order: MSBuild (project items, /p:) over the nearest policy file over org defaults over built-in defaults.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class PolicyTests(LocalPackageFeed feed)
{
    private const string OrgError = """
        <Project>
          <ItemGroup><ContainerHardeningRule Include="CH1002" Severity="error" /></ItemGroup>
        </Project>
        """;

    public enum Outcome
    {
        Error,
        Warning,
        NotReported,
    }

    [Theory]
    [InlineData("default", null, null, null, null, Outcome.Warning)]
    [InlineData("policy-error", "rules:\n  CH1002: error\n", null, null, null, Outcome.Error)]
    [InlineData("policy-none", "rules:\n  CH1002:\n    severity: none\n", null, null, null, Outcome.NotReported)]
    [InlineData("org-error", null, OrgError, null, null, Outcome.Error)]
    [InlineData("policy-over-org", "rules:\n  CH1002: warning\n", OrgError, null, null, Outcome.Warning)]
    [InlineData("item-over-policy", "rules:\n  CH1002: error\n", null, "none", null, Outcome.NotReported)]
    [InlineData("switch-over-policy", "rules:\n  CH1002: error\n", null, null, "-p:ContainerHardeningRuleSeverity=CH1002=none", Outcome.NotReported)]
    [InlineData("nowarn", null, null, null, "-p:NoWarn=CH1002", Outcome.NotReported)]
    [InlineData("warnaserror", null, null, null, "-p:WarningsAsErrors=CH1002", Outcome.Error)]
    public void The_severity_of_a_finding_follows_the_documented_precedence(
        string name, string? policyFile, string? directoryBuildProps, string? projectItemSeverity, string? switchArgument, Outcome expected)
    {
        TestProject builder = TestProject.Web("Policy" + name.Replace("-", "", StringComparison.Ordinal))
            .WithItem("ContainerPort", "80", ("Type", "tcp"));
        if (policyFile is not null)
        {
            builder.WithFile("container-hardening.yml", policyFile);
        }

        if (directoryBuildProps is not null)
        {
            builder.WithFile("Directory.Build.props", directoryBuildProps);
        }

        if (projectItemSeverity is not null)
        {
            builder.WithItem("ContainerHardeningRule", "CH1002", ("Severity", projectItemSeverity));
        }

        CreatedProject project = builder.Create(feed);

        ProcessResult publish = project.Publish(true, switchArgument is null ? [] : [switchArgument]);

        switch (expected)
        {
            case Outcome.Error:
                Assert.NotEqual(0, publish.ExitCode);
                Assert.Contains("error CH1002: ContainerPort 80/tcp", publish.Output, StringComparison.Ordinal);
                break;
            case Outcome.Warning:
                Assert.True(publish.ExitCode == 0, publish.Tail);
                Assert.Contains("warning CH1002: ContainerPort 80/tcp", publish.Output, StringComparison.Ordinal);
                break;
            case Outcome.NotReported:
                Assert.True(publish.ExitCode == 0, publish.Tail);
                Assert.DoesNotContain("CH1002: ContainerPort", publish.Output, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void Audit_mode_reports_a_root_user_as_a_warning_and_the_publish_goes_on()
    {
        CreatedProject project = TestProject.Web("PolicyAudit").WithProperty("ContainerUser", "root").Create(feed);

        ProcessResult publish = project.Publish(true, "-p:ContainerHardeningMode=audit");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.Contains("warning CH1001: ContainerUser is 'root'", publish.Output, StringComparison.Ordinal);
        Assert.Equal("root", project.ReadImage().User);
    }

    [Fact]
    public void An_expired_suppression_warns_at_its_line_and_stops_suppressing()
    {
        CreatedProject project = TestProject.Web("PolicyExpired")
            .WithItem("ContainerPort", "80", ("Type", "tcp"))
            .WithFile("container-hardening.yml", """
                rules:
                  CH1002: error
                suppressions:
                  - rule: CH1002
                    reason: "the ingress maps 80 itself"
                    expires: 2020-01-31
                """)
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("container-hardening.yml(4,5): warning CH0019: The suppression of CH1002", publish.Output, StringComparison.Ordinal);
        Assert.Contains("error CH1002", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_suppression_silences_the_finding_and_the_sarif_records_it_with_its_justification()
    {
        CreatedProject project = TestProject.Web("PolicySuppressed")
            .WithItem("ContainerPort", "80", ("Type", "tcp"))
            .WithFile("container-hardening.yml", """
                suppressions:
                  - rule: CH1002
                    match: "80/tcp"
                    reason: "the ingress maps 80 itself"
                    expires: 2999-12-31
                """)
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.True(publish.ExitCode == 0, publish.Tail);
        Assert.DoesNotContain("CH1002: ContainerPort", publish.Output, StringComparison.Ordinal);
        // Both the project's ContainerPort and the image config's exposed port match the suppression.
        Assert.Contains("2 suppressed — report: ", publish.Output, StringComparison.Ordinal);
        string sarif = File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "report.sarif"));
        JsonElement[] results = JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results")
            .EnumerateArray().Where(r => r.GetProperty("ruleId").GetString() == "CH1002").ToArray();
        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.Equal("the ingress maps 80 itself", r.GetProperty("suppressions")[0].GetProperty("justification").GetString()));
    }

    [Fact]
    public async Task A_broken_policy_file_is_an_error_that_names_file_line_and_column_and_the_report_still_validates()
    {
        CreatedProject project = TestProject.Web("PolicyBroken")
            .WithFile("container-hardening.yml", "rules:\n  CH9999: error\nsuppressions:\n  - rule: CH1002\n")
            .Create(feed);

        ProcessResult publish = project.Publish();

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("container-hardening.yml(2,3): error CH0017", publish.Output, StringComparison.Ordinal);
        Assert.Contains("container-hardening.yml(4,5): error CH0018", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", publish.Output, StringComparison.Ordinal);
        string sarif = File.ReadAllText(Path.Combine(project.Directory, "bin", "Release", "net10.0", "container-hardening", "report.sarif"));
        JsonSchema schema = await JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json"));
        Assert.Empty(schema.Validate(sarif));
    }
}
