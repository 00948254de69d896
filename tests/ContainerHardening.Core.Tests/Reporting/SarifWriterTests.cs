using System.Text.Json.Nodes;
using ContainerHardening.Diagnostics;
using ContainerHardening.Reporting;

namespace ContainerHardening.Tests.Reporting;

public class SarifWriterTests
{
    private static readonly string SchemaFile = Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json");

    [Fact]
    public async Task A_report_with_every_kind_of_entry_is_valid_SARIF_2_1_0()
    {
        await Reports.AssertValidAsync(SchemaFile, Reports.Sarif(Reports.Full));
    }

    [Fact]
    public async Task The_schema_check_rejects_what_SARIF_does_not_allow()
    {
        JsonNode log = Parse(Reports.Sarif(Reports.Full));
        log["runs"]![0]!["results"]![0]!["level"] = "info";
        log["runs"]![0]!["results"]![0]!["suppressions"] = new JsonArray(new JsonObject { ["kind"] = "inline", ["status"] = "ignored" });

        Assert.Equal(
            [
                "NotInEnumeration at #/runs[0].results[0].level",
                "NotInEnumeration at #/runs[0].results[0].suppressions[0].kind",
                "NotInEnumeration at #/runs[0].results[0].suppressions[0].status",
            ],
            (await Reports.ValidateAsync(SchemaFile, log.ToJsonString())).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_empty_report_is_valid_SARIF_2_1_0_with_one_run_and_no_results()
    {
        string sarif = Reports.Sarif(Reports.Empty);

        await Reports.AssertValidAsync(SchemaFile, sarif);
        JsonNode run = Assert.Single(Parse(sarif)["runs"]!.AsArray())!;
        Assert.Empty(run["results"]!.AsArray());
        Assert.Empty(run["tool"]!["driver"]!["rules"]!.AsArray());
    }

    [Fact]
    public void The_log_names_the_schema_the_tool_and_the_image()
    {
        JsonNode log = Parse(Reports.Sarif(Reports.Full));
        JsonNode run = log["runs"]![0]!;

        Assert.Equal(SarifWriter.SchemaUri, (string?)log["$schema"]);
        Assert.Equal("2.1.0", (string?)log["version"]);
        Assert.Equal("ContainerHardening", (string?)run["tool"]!["driver"]!["name"]);
        Assert.Equal("1.2.3", (string?)run["tool"]!["driver"]!["version"]);
        Assert.Equal(RuleInfo.ProjectUri, (string?)run["tool"]!["driver"]!["informationUri"]);
        Assert.Equal(Reports.Image, (string?)run["properties"]!["imageReference"]);
        Assert.Equal(Reports.Digest, (string?)run["properties"]!["manifestDigest"]);
    }

    [Fact]
    public void Rules_are_sorted_by_id_include_every_rule_a_result_names_and_carry_their_catalogue_metadata()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonArray rules = run["tool"]!["driver"]!["rules"]!.AsArray();

        Assert.Equal(["CH0002", "CH1001", "CH1002", "CH1003"], rules.Select(r => (string?)r!["id"]));
        JsonNode rule = rules[1]!;
        Assert.Equal("RunsAsRoot", (string?)rule["name"]);
        Assert.Equal(RuleCatalog.RunsAsRoot.Title, (string?)rule["shortDescription"]!["text"]);
        Assert.StartsWith("ContainerUser is '{0}'", (string?)rule["fullDescription"]!["text"], StringComparison.Ordinal);
        Assert.Equal(RuleCatalog.RunsAsRoot.HelpUri.AbsoluteUri, (string?)rule["helpUri"]);
        Assert.Equal("error", (string?)rule["defaultConfiguration"]!["level"]);
        Assert.Equal("ImageConfig", (string?)rule["properties"]!["category"]);
        Assert.Equal(RuleCatalog.RunsAsRoot.Benchmark, (string?)rule["properties"]!["benchmark"]);
        Assert.Equal(
            ["security", "CIS Docker 4.1", "Kubernetes Pod Security restricted: runAsNonRoot"],
            rule["properties"]!["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("note", (string?)rules[3]!["defaultConfiguration"]!["level"]);
    }

    [Fact]
    public void Results_come_loudest_first_and_each_ruleIndex_points_at_its_rule()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonArray rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        JsonArray results = run["results"]!.AsArray();

        Assert.Equal(
            ["error", "error", "warning", "warning", "note", "warning"],
            results.Select(r => (string?)r!["level"]));
        Assert.All(results, r => Assert.Equal((string?)r!["ruleId"], (string?)rules[(int)r["ruleIndex"]!]!["id"]));
        Assert.Equal("ContainerUser is 'root'.", (string?)results[1]!["message"]!["text"]);
    }

    [Fact]
    public void A_file_under_the_repository_root_is_a_relative_uri_against_SRCROOT()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonNode location = Result(run, "ContainerPort 80 is below 1024.")["locations"]![0]!["physicalLocation"]!;

        Assert.Equal("src/App/App.csproj", (string?)location["artifactLocation"]!["uri"]);
        Assert.Equal("%SRCROOT%", (string?)location["artifactLocation"]!["uriBaseId"]);
        Assert.Equal(12, (int?)location["region"]!["startLine"]);
        Assert.Equal(5, (int?)location["region"]!["startColumn"]);
        Assert.Equal(new Uri(Reports.Root + Path.DirectorySeparatorChar).AbsoluteUri, (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]);
        Assert.EndsWith("/", (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_with_spaces_is_escaped_and_a_file_without_a_line_has_no_region()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonNode location = Result(run, "The published files could not be copied.")["locations"]![0]!["physicalLocation"]!;

        Assert.Equal("My%20App/out%20dir", (string?)location["artifactLocation"]!["uri"]);
        Assert.Null(location["region"]);
    }

    [Fact]
    public void A_file_outside_the_repository_root_is_an_absolute_file_uri()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonNode artifact = Result(run, "ContainerPort 22 is below 1024.")["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;

        Assert.Equal(new Uri(Path.Combine(Path.GetTempPath(), "elsewhere", "Shared.props")).AbsoluteUri, (string?)artifact["uri"]);
        Assert.Null(artifact["uriBaseId"]);
    }

    [Fact]
    public void A_finding_without_a_file_is_located_at_the_image_or_its_subject()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonNode image = Result(run, "ContainerUser is 'root'.")["locations"]![0]!;
        JsonNode subject = Result(run, "ContainerUser is 'app', a name.")["locations"]![0]!;

        Assert.Null(image["physicalLocation"]);
        Assert.Equal(Reports.Image, (string?)image["logicalLocations"]![0]!["name"]);
        Assert.Equal(Reports.Image, (string?)image["logicalLocations"]![0]!["fullyQualifiedName"]);
        Assert.Equal("app", (string?)subject["logicalLocations"]![0]!["name"]);
        Assert.Equal(Reports.Image + "/app", (string?)subject["logicalLocations"]![0]!["fullyQualifiedName"]);
    }

    [Fact]
    public void A_suppressed_finding_is_a_result_with_an_external_suppression_at_the_policy_entry()
    {
        JsonNode run = Parse(Reports.Sarif(Reports.Full))["runs"]![0]!;
        JsonNode result = Result(run, "ContainerPort 443 is below 1024.");
        JsonNode suppression = Assert.Single(result["suppressions"]!.AsArray())!;

        Assert.Equal("external", (string?)suppression["kind"]);
        Assert.Equal("The pod runs with NET_BIND_SERVICE.", (string?)suppression["justification"]);
        Assert.Equal("container-hardening.yaml", (string?)suppression["location"]!["physicalLocation"]!["artifactLocation"]!["uri"]);
        Assert.Equal(7, (int?)suppression["location"]!["physicalLocation"]!["region"]!["startLine"]);
        Assert.All(
            run["results"]!.AsArray().Where(r => r != result),
            r => Assert.Null(r!["suppressions"]));
    }

    [Fact]
    public void The_output_depends_only_on_the_report_not_on_the_order_findings_arrive_in()
    {
        HardeningReport shuffled = Reports.Full with
        {
            Rules = Reports.Full.Rules.Reverse().ToArray(),
            Findings = Reports.Full.Findings.Reverse().ToArray(),
            Timings = new Dictionary<string, long> { ["zzz"] = 1 },
        };

        Assert.Equal(Reports.Sarif(Reports.Full), Reports.Sarif(Reports.Full));
        Assert.Equal(Reports.Sarif(Reports.Full), Reports.Sarif(shuffled));
    }

    [Fact]
    public void Messages_are_written_as_given_and_nothing_else_is_added()
    {
        var report = Reports.Empty with
        {
            Findings = [new Finding(RuleCatalog.RunsAsRoot, Severity.Error, "Token <fingerprint 3f2a> in '/app/.env' — removed.")],
        };

        JsonNode result = Parse(Reports.Sarif(report))["runs"]![0]!["results"]![0]!;

        Assert.Equal("Token <fingerprint 3f2a> in '/app/.env' — removed.", (string?)result["message"]!["text"]);
        Assert.Equal(["ruleId", "ruleIndex", "level", "message", "locations"], result.AsObject().Select(p => p.Key));
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    private static JsonNode Result(JsonNode run, string message) =>
        Assert.Single(run["results"]!.AsArray(), r => (string?)r!["message"]!["text"] == message)!;
}
