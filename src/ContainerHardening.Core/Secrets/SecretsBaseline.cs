using System.Text.Json;
using ContainerHardening.Diagnostics;
using ContainerHardening.Policy;

namespace ContainerHardening.Secrets;

/// <summary>One accepted finding: the same fingerprint from the same detector at a matching path is not reported.</summary>
/// <param name="Path">An exact path or a glob (<c>/app/**</c>, as in the policy file).</param>
public sealed record SecretsBaselineEntry(string Fingerprint, string Detector, string Path, string Reason);

/// <summary>The parsed baseline and the problems found in it (CH0030 findings; a broken file accepts nothing).</summary>
public sealed record SecretsBaseline(IReadOnlyList<SecretsBaselineEntry> Entries, IReadOnlyList<Finding> Errors)
{
    /// <summary>The conventional file name, looked up next to the project like the policy file.</summary>
    public const string FileName = "container-hardening.secrets.baseline.json";

    private static readonly string[] Keys = ["fingerprint", "detector", "path", "reason"];

    public static SecretsBaseline Empty { get; } = new([], []);

    public bool Accepts(SecretFinding finding) => Entries.Any(e =>
        string.Equals(e.Fingerprint, finding.Fingerprint.Text, StringComparison.Ordinal)
        && string.Equals(e.Detector, finding.DetectorId, StringComparison.Ordinal)
        && (string.Equals(e.Path, finding.Path, StringComparison.Ordinal) || PathGlob.IsMatch(e.Path, finding.Path)));

    /// <summary>The findings the baseline does not accept.</summary>
    public IReadOnlyList<SecretFinding> Filter(IEnumerable<SecretFinding> findings) => [.. findings.Where(f => !Accepts(f))];

    /// <summary>The nearest baseline file at or above <paramref name="projectDirectory"/>, or null when there is none.</summary>
    public static string? Locate(string projectDirectory)
    {
        for (DirectoryInfo? dir = new(Path.GetFullPath(projectDirectory)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static SecretsBaseline Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(path, Strings.Format("CH0030_Unreadable", e.GetType().Name));
        }
    }

    public static SecretsBaseline Parse(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return Fail(path, Strings.Format("CH0030_NotJson", $"line {(e.LineNumber ?? 0) + 1}"));
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(path, Strings.Get("CH0030_NotObject"));
            }

            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number || version.GetDouble() != 1)
            {
                return Fail(path, Strings.Get("CH0030_Version"));
            }

            if (!root.TryGetProperty("accepted", out JsonElement accepted) || accepted.ValueKind != JsonValueKind.Array)
            {
                return Fail(path, Strings.Get("CH0030_NoEntries"));
            }

            var entries = new List<SecretsBaselineEntry>();
            var errors = new List<Finding>();
            int index = 0;
            foreach (JsonElement item in accepted.EnumerateArray())
            {
                index++;
                if (Entry(item, index, path, errors) is { } entry)
                {
                    entries.Add(entry);
                }
            }

            return errors.Count > 0 ? new([], errors) : new(entries, []);
        }
    }

    private static SecretsBaselineEntry? Entry(JsonElement item, int index, string path, List<Finding> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(path, Strings.Format("CH0030_EntryNotObject", index)));
            return null;
        }

        foreach (JsonProperty property in item.EnumerateObject())
        {
            if (!Keys.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(Error(path, Strings.Format("CH0030_UnknownKey", index, property.Name)));
            }
        }

        string?[] values = Keys.Select(key => item.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0 ? v.GetString() : null).ToArray();
        for (int k = 0; k < Keys.Length; k++)
        {
            if (values[k] is null)
            {
                errors.Add(Error(path, Strings.Format("CH0030_MissingKey", index, Keys[k])));
                return null;
            }
        }

        if (!SecretFingerprint.IsWellFormed(values[0]!))
        {
            errors.Add(Error(path, Strings.Format("CH0030_BadFingerprint", index, values[0])));
            return null;
        }

        return new(values[0]!, values[1]!, values[2]!, values[3]!);
    }

    private static SecretsBaseline Fail(string path, string detail) => new([], [Error(path, detail)]);

    private static Finding Error(string path, string detail) =>
        Finding.Create(RuleCatalog.SecretsBaselineInvalid, path, detail).At(path, 0, 0) with { Subject = path };
}
