using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Reporting;

/// <summary>
/// Writes a report as SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps) ingest. Written by hand
/// with <see cref="Utf8JsonWriter"/> because the SARIF SDK is not something the package can carry.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private const string SourceRootId = "%SRCROOT%";

    /// <summary>
    /// The rule names SARIF shows next to the id come from the <see cref="DiagnosticIds"/> constants, so a rule is
    /// named in one place only.
    /// </summary>
    private static readonly Dictionary<string, string> RuleNames = typeof(DiagnosticIds).GetFields()
        .ToDictionary(f => (string)f.GetRawConstantValue()!, f => f.Name, StringComparer.Ordinal);

    /// <summary>
    /// Timings are left out on purpose: they change on every run, and SARIF files are diffed and uploaded by tools
    /// that treat any change as a new analysis. report.json carries them.
    /// </summary>
    public static void Write(Stream stream, HardeningReport report)
    {
        IReadOnlyList<RuleInfo> rules = report.SortedRules();
        Dictionary<string, int> ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);

        using Utf8JsonWriter writer = ReportJson.CreateWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        WriteTool(writer, report.ToolVersion, rules);

        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(SourceRootId);
        writer.WriteString("uri", RepositoryPath.FolderUri(report.RepositoryRoot));
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("results");
        foreach (Finding finding in report.SortedFindings())
        {
            WriteResultStart(writer, report, finding, ruleIndex[finding.Rule.Id]);
            writer.WriteEndObject();
        }

        foreach (SuppressedFinding suppressed in report.SortedSuppressed())
        {
            WriteResultStart(writer, report, suppressed.Finding, ruleIndex[suppressed.Finding.Rule.Id]);
            WriteSuppression(writer, report.RepositoryRoot, suppressed);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("properties");
        writer.WriteString("imageReference", report.ImageReference);
        writer.WriteString("manifestDigest", report.ManifestDigest);
        writer.WriteEndObject();

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "note",
        _ => "none",
    };

    private static void WriteTool(Utf8JsonWriter writer, string toolVersion, IReadOnlyList<RuleInfo> rules)
    {
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", HardeningReport.ToolName);
        writer.WriteString("version", toolVersion);
        writer.WriteString("informationUri", RuleInfo.ProjectUri);
        writer.WriteStartArray("rules");
        foreach (RuleInfo rule in rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, RuleInfo rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteOptional("name", RuleNames.GetValueOrDefault(rule.Id));
        WriteText(writer, "shortDescription", rule.Title);

        // The catalogue has no separate long description yet; the message template says what is wrong and how to
        // fix it, with {0}-style placeholders in SARIF's own placeholder syntax.
        WriteText(writer, "fullDescription", Strings.Template(rule.Id));
        writer.WriteString("helpUri", rule.HelpUri.AbsoluteUri);

        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(rule.DefaultSeverity));
        writer.WriteEndObject();

        writer.WriteStartObject("properties");
        writer.WriteString("category", rule.Category.ToString());
        writer.WriteOptional("benchmark", rule.Benchmark);
        writer.WriteStartArray("tags");
        foreach (string tag in Tags(rule))
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteEndObject();
    }

    /// <summary>"security" makes GitHub file the rule under security alerts; each benchmark control becomes a tag to filter by.</summary>
    private static IEnumerable<string> Tags(RuleInfo rule) =>
        (rule.Benchmark ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Prepend("security")
            .Distinct(StringComparer.Ordinal);

    /// <summary>Writes a result up to its last common property; the caller may add suppressions, then closes it.</summary>
    private static void WriteResultStart(Utf8JsonWriter writer, HardeningReport report, Finding finding, int ruleIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.Rule.Id);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", Level(finding.Severity));
        WriteText(writer, "message", finding.Message);

        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        if (finding.File is not null)
        {
            WritePhysicalLocation(writer, report.RepositoryRoot, finding.File, finding.Line, finding.Column);
        }

        // A finding about the image itself has no file; the image (or the thing in it) is where it lives.
        if (finding.File is null || finding.Subject is not null)
        {
            writer.WriteStartArray("logicalLocations");
            writer.WriteStartObject();
            writer.WriteString("name", finding.Subject ?? report.ImageReference);
            writer.WriteString("fullyQualifiedName", finding.Subject is null ? report.ImageReference : report.ImageReference + "/" + finding.Subject.TrimStart('/'));
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteSuppression(Utf8JsonWriter writer, string repositoryRoot, SuppressedFinding suppressed)
    {
        writer.WriteStartArray("suppressions");
        writer.WriteStartObject();
        writer.WriteString("kind", "external");
        writer.WriteString("justification", suppressed.Justification);
        writer.WriteStartObject("location");
        WritePhysicalLocation(writer, repositoryRoot, suppressed.Source.File, suppressed.Source.Line, column: 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter writer, string repositoryRoot, string file, int line, int column)
    {
        RepositoryPath path = RepositoryPath.Of(repositoryRoot, file);
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", path.ToUri());
        if (path.IsUnderRoot)
        {
            writer.WriteString("uriBaseId", SourceRootId);
        }

        writer.WriteEndObject();
        if (line > 0)
        {
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", line);
            writer.WritePositive("startColumn", column);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }
}
