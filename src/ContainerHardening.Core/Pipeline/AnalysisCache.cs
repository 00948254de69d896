using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Remembers what the analysis of one image found, keyed by everything the result depends on: the manifest digest
/// (which fixes every byte of the image), the policy and baseline files, the build's facts and the tool version. The
/// normalized image of an unchanged rebuild has the same digest, so its analysis is read back instead of redone.
/// Findings are stored before policy is applied; they never hold secret values, only fingerprints. Only the entries
/// used last are kept: every changed build adds one.
/// </summary>
public sealed class AnalysisCache(string directory)
{
    private const string FindingsFile = "findings.json";

    /// <summary>Enough to go back and forth between a few versions of the app; not a copy of every build's SBOMs.</summary>
    internal const int EntriesKept = 16;

    /// <summary>A key for the inputs; files are hashed by content, so editing the policy invalidates the entry.</summary>
    public static string Key(IEnumerable<string> values, IEnumerable<string?> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string value in values)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value + "\n"));
        }

        foreach (string? file in files)
        {
            hash.AppendData(file is not null && File.Exists(file) ? SHA256.HashData(File.ReadAllBytes(file)) : [0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>The folder of an entry, where the SBOM files of that analysis are kept too.</summary>
    public string EntryDirectory(string key) => Path.Combine(directory, key);

    /// <summary>The findings of an earlier analysis with this key, or null when there is none (or it cannot be read).</summary>
    public IReadOnlyList<Finding>? TryRead(string key)
    {
        string path = Path.Combine(EntryDirectory(key), FindingsFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // An entry read is an entry used: it stays among the ones kept.
            Directory.SetLastWriteTimeUtc(EntryDirectory(key), DateTime.UtcNow);
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            var findings = new List<Finding>();
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                if (RuleCatalog.Find(item.GetProperty("id").GetString() ?? "") is not RuleInfo rule
                    || !Enum.TryParse(item.GetProperty("severity").GetString(), out Severity severity))
                {
                    return null;
                }

                findings.Add(new Finding(rule, severity, item.GetProperty("message").GetString() ?? "",
                    Optional(item, "file"), item.GetProperty("line").GetInt32(), item.GetProperty("column").GetInt32(), Optional(item, "subject")));
            }

            return findings;
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            // A damaged entry is a miss: the analysis runs again and overwrites it.
            return null;
        }
    }

    public void Write(string key, IReadOnlyList<Finding> findings)
    {
        string entry = EntryDirectory(key);
        Directory.CreateDirectory(entry);
        Reporting.ReportFiles.WriteAtomically(Path.Combine(entry, FindingsFile), stream =>
        {
            using var json = new Utf8JsonWriter(stream);
            json.WriteStartArray();
            foreach (Finding finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("id", finding.Rule.Id);
                json.WriteString("severity", finding.Severity.ToString());
                json.WriteString("message", finding.Message);
                json.WriteString("file", finding.File);
                json.WriteNumber("line", finding.Line);
                json.WriteNumber("column", finding.Column);
                json.WriteString("subject", finding.Subject);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
        RemoveLeastRecentlyUsed(key);
    }

    /// <summary>Deletes the entries beyond <see cref="EntriesKept"/>, oldest use first; other folders (the layer store) are left alone.</summary>
    private void RemoveLeastRecentlyUsed(string written)
    {
        IEnumerable<DirectoryInfo> stale = new DirectoryInfo(directory).EnumerateDirectories()
            .Where(d => d.Name != written && d.Name.Length == 64 && d.Name.All(char.IsAsciiHexDigitLower))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .Skip(EntriesKept - 1);
        foreach (DirectoryInfo entry in stale)
        {
            entry.Delete(recursive: true);
        }
    }

    private static string? Optional(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
