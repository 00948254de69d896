using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Reporting;

/// <summary>
/// Writes report.json, the small format scripts read without a SARIF library. Its contract is docs/report.md and
/// docs/report.schema.json; bump <see cref="SchemaVersion"/> on any change that could break a reader.
/// </summary>
public static class JsonReportWriter
{
    public const int SchemaVersion = 1;

    public static void Write(Stream stream, HardeningReport report)
    {
        using Utf8JsonWriter writer = ReportJson.CreateWriter(stream);
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);

        writer.WriteStartObject("tool");
        writer.WriteString("name", HardeningReport.ToolName);
        writer.WriteString("version", report.ToolVersion);
        writer.WriteEndObject();

        writer.WriteStartObject("image");
        writer.WriteString("reference", report.ImageReference);
        writer.WriteString("digest", report.ManifestDigest);
        writer.WriteEndObject();

        ReportSummary summary = ReportSummary.Of(report);
        writer.WriteStartObject("summary");
        writer.WriteNumber("errors", summary.Errors);
        writer.WriteNumber("warnings", summary.Warnings);
        writer.WriteNumber("infos", summary.Infos);
        writer.WriteNumber("suppressed", summary.Suppressed);
        writer.WriteEndObject();

        writer.WriteStartArray("findings");
        foreach (Finding finding in report.SortedFindings())
        {
            writer.WriteStartObject();
            WriteFinding(writer, report.RepositoryRoot, finding);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("suppressed");
        foreach (SuppressedFinding suppressed in report.SortedSuppressed())
        {
            writer.WriteStartObject();
            WriteFinding(writer, report.RepositoryRoot, suppressed.Finding);
            writer.WriteString("justification", suppressed.Justification);
            writer.WriteStartObject("source");
            writer.WriteString("file", RepositoryPath.Of(report.RepositoryRoot, suppressed.Source.File).Path);
            writer.WritePositive("line", suppressed.Source.Line);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("timings");
        foreach (KeyValuePair<string, long> timing in report.SortedTimings())
        {
            writer.WriteNumber(timing.Key, timing.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static string SeverityName(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "info",
        _ => "none",
    };

    /// <summary>The properties a kept and a suppressed finding share; unknown ones are left out rather than null.</summary>
    private static void WriteFinding(Utf8JsonWriter writer, string repositoryRoot, Finding finding)
    {
        writer.WriteString("id", finding.Rule.Id);
        writer.WriteString("severity", SeverityName(finding.Severity));
        writer.WriteString("message", finding.Message);
        writer.WriteOptional("file", finding.File is null ? null : RepositoryPath.Of(repositoryRoot, finding.File).Path);
        writer.WritePositive("line", finding.Line);
        writer.WritePositive("column", finding.Column);
        writer.WriteOptional("subject", finding.Subject);
        writer.WriteString("helpUri", finding.Rule.HelpUri.AbsoluteUri);
    }
}
