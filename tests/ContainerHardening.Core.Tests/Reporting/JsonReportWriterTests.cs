using System.Text.Json.Nodes;
using ContainerHardening.Diagnostics;
using ContainerHardening.Reporting;

namespace ContainerHardening.Tests.Reporting;

public class JsonReportWriterTests
{
    private static readonly string SchemaFile = Path.Combine(RepositoryRoot.Path, "docs", "report.schema.json");

    [Fact]
    public async Task A_report_with_every_kind_of_entry_matches_the_documented_schema()
    {
        await Reports.AssertValidAsync(SchemaFile, Reports.Json(Reports.Full));
    }

    [Fact]
    public async Task An_empty_report_matches_the_documented_schema()
    {
        string json = Reports.Json(Reports.Empty);

        await Reports.AssertValidAsync(SchemaFile, json);
        JsonNode report = JsonNode.Parse(json)!;
        Assert.Empty(report["findings"]!.AsArray());
        Assert.Empty(report["suppressed"]!.AsArray());
        Assert.Empty(report["timings"]!.AsObject());
    }

    [Fact]
    public async Task The_schema_rejects_what_the_format_does_not_allow()
    {
        JsonNode report = JsonNode.Parse(Reports.Json(Reports.Full))!;
        report["findings"]![0]!["severity"] = "fatal";
        report["extra"] = true;

        Assert.Equal(
            ["NoAdditionalPropertiesAllowed at #/extra", "NotInEnumeration at #/findings[0].severity"],
            (await Reports.ValidateAsync(SchemaFile, report.ToJsonString())).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_header_names_the_tool_the_image_and_the_counts()
    {
        JsonNode report = JsonNode.Parse(Reports.Json(Reports.Full))!;

        Assert.Equal(JsonReportWriter.SchemaVersion, (int?)report["schemaVersion"]);
        Assert.Equal("ContainerHardening", (string?)report["tool"]!["name"]);
        Assert.Equal("1.2.3", (string?)report["tool"]!["version"]);
        Assert.Equal(Reports.Image, (string?)report["image"]!["reference"]);
        Assert.Equal(Reports.Digest, (string?)report["image"]!["digest"]);
        Assert.Equal(2, (int?)report["summary"]!["errors"]);
        Assert.Equal(2, (int?)report["summary"]!["warnings"]);
        Assert.Equal(1, (int?)report["summary"]!["infos"]);
        Assert.Equal(1, (int?)report["summary"]!["suppressed"]);
    }

    [Fact]
    public void Findings_have_relative_paths_and_leave_out_what_is_unknown()
    {
        JsonArray findings = JsonNode.Parse(Reports.Json(Reports.Full))!["findings"]!.AsArray();
        JsonNode withFile = Assert.Single(findings, f => (string?)f!["message"] == "ContainerPort 80 is below 1024.")!;
        JsonNode withSubject = Assert.Single(findings, f => (string?)f!["id"] == DiagnosticIds.NonNumericUser)!;

        Assert.Equal("warning", (string?)withFile["severity"]);
        Assert.Equal("src/App/App.csproj", (string?)withFile["file"]);
        Assert.Equal(12, (int?)withFile["line"]);
        Assert.Equal(5, (int?)withFile["column"]);
        Assert.Equal(RuleCatalog.PrivilegedPort.HelpUri.AbsoluteUri, (string?)withFile["helpUri"]);
        Assert.Equal(["id", "severity", "message", "subject", "helpUri"], withSubject.AsObject().Select(p => p.Key));
        Assert.Equal("info", (string?)withSubject["severity"]);
    }

    [Fact]
    public void Suppressed_findings_carry_the_justification_and_the_policy_entry()
    {
        JsonNode suppressed = Assert.Single(JsonNode.Parse(Reports.Json(Reports.Full))!["suppressed"]!.AsArray())!;

        Assert.Equal(DiagnosticIds.PrivilegedPort, (string?)suppressed["id"]);
        Assert.Equal("443/tcp", (string?)suppressed["subject"]);
        Assert.Equal("The pod runs with NET_BIND_SERVICE.", (string?)suppressed["justification"]);
        Assert.Equal("container-hardening.yaml", (string?)suppressed["source"]!["file"]);
        Assert.Equal(7, (int?)suppressed["source"]!["line"]);
    }

    [Fact]
    public void Timings_are_sorted_by_phase_and_two_writes_are_identical()
    {
        string json = Reports.Json(Reports.Full);

        Assert.Equal(["analyze", "open"], JsonNode.Parse(json)!["timings"]!.AsObject().Select(p => p.Key));
        Assert.Equal(json, Reports.Json(Reports.Full with { Findings = Reports.Full.Findings.Reverse().ToArray() }));
    }
}
