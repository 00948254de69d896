using System.Text;
using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets;

/// <summary>
/// Scan results as stored text, for a layer recording: detector, rule, place and fingerprint of each finding (never a
/// value, like every other output), the skipped files and the byte count.
/// </summary>
internal static class SecretScanRecords
{
    public static string Write(IEnumerable<SecretScanResult> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (SecretScanResult result in results.Where(r => r.Findings.Count > 0 || r.Skipped.Count > 0 || r.BytesScanned > 0))
            {
                json.WriteStartObject();
                json.WriteNumber("bytes", result.BytesScanned);
                json.WriteStartArray("findings");
                foreach (SecretFinding finding in result.Findings)
                {
                    json.WriteStartObject();
                    json.WriteString("detector", finding.DetectorId);
                    json.WriteString("rule", finding.Rule.Id);
                    json.WriteString("path", finding.Path);
                    json.WriteNumber("line", finding.Line);
                    json.WriteNumber("column", finding.Column);
                    json.WriteString("fingerprint", finding.Fingerprint.Text);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("skipped");
                foreach (SecretScanSkip skip in result.Skipped)
                {
                    json.WriteStartObject();
                    json.WriteString("path", skip.Path);
                    json.WriteString("reason", skip.Reason.ToString());
                    json.WriteNumber("limit", skip.Limit);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The results, or null when the text is not what <see cref="Write"/> writes.</summary>
    public static IReadOnlyList<SecretScanResult>? Read(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            var results = new List<SecretScanResult>();
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                var findings = new List<SecretFinding>();
                foreach (JsonElement finding in item.GetProperty("findings").EnumerateArray())
                {
                    if (RuleCatalog.Find(finding.GetProperty("rule").GetString()!) is not RuleInfo rule
                        || SecretFingerprint.FromRecord(finding.GetProperty("fingerprint").GetString()!) is not SecretFingerprint fingerprint)
                    {
                        return null;
                    }

                    findings.Add(new SecretFinding(finding.GetProperty("detector").GetString()!, rule, finding.GetProperty("path").GetString()!,
                        finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32(), fingerprint));
                }

                var skipped = new List<SecretScanSkip>();
                foreach (JsonElement skip in item.GetProperty("skipped").EnumerateArray())
                {
                    if (!Enum.TryParse(skip.GetProperty("reason").GetString(), out SecretSkipReason reason))
                    {
                        return null;
                    }

                    skipped.Add(new SecretScanSkip(skip.GetProperty("path").GetString()!, reason, skip.GetProperty("limit").GetInt64()));
                }

                results.Add(new SecretScanResult(findings, skipped, item.GetProperty("bytes").GetInt64()));
            }

            return results;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
