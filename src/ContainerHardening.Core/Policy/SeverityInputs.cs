using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>One severity setting as MSBuild holds it: an item whose identity is the rule id.</summary>
/// <param name="File">The project or props file that defined the item, so a problem points there.</param>
public sealed record SeverityEntry(string RuleId, string Severity, string? File = null);

/// <summary>
/// Reads the severity inputs that come from MSBuild as text. The task only copies them here: checking them is
/// policy, so it lives in the core, and problems come back as the same findings the policy file produces.
/// </summary>
public static class SeverityInputs
{
    /// <summary>The severity per rule id; a later entry for the same rule wins, as MSBuild's own overrides do.</summary>
    /// <param name="itemName">The MSBuild item type, named in the message of a bad entry.</param>
    public static IReadOnlyDictionary<string, Severity> ReadSeverities(IEnumerable<SeverityEntry> entries, string itemName, ICollection<Finding> problems)
    {
        var severities = new Dictionary<string, Severity>(StringComparer.Ordinal);
        foreach (SeverityEntry entry in entries)
        {
            string id = entry.RuleId.Trim();
            if (RuleCatalog.Find(id) is null)
            {
                problems.Add(Finding.Create(RuleCatalog.PolicyUnknownRule, id).At(entry.File, 0, 0));
            }
            else if (!SeverityWords.TryParse(entry.Severity, out Severity severity))
            {
                problems.Add(InvalidValue($"{itemName} '{id}' Severity", ExpectedValue.Severity, entry.Severity, entry.File));
            }
            else
            {
                severities[id] = severity;
            }
        }

        return severities;
    }

    /// <summary>enforce, audit or off in any letter case; empty means enforce.</summary>
    /// <param name="propertyName">The MSBuild property the word came from, named in the message when it is wrong.</param>
    public static EnforcementMode ReadMode(string? word, string propertyName, ICollection<Finding> problems)
    {
        if (string.IsNullOrWhiteSpace(word))
        {
            return EnforcementMode.Enforce;
        }

        switch (word.Trim().ToUpperInvariant())
        {
            case "ENFORCE":
                return EnforcementMode.Enforce;
            case "AUDIT":
                return EnforcementMode.Audit;
            case "OFF":
                return EnforcementMode.Off;
            default:
                problems.Add(InvalidValue(propertyName, ExpectedValue.Mode, word, file: null));
                return EnforcementMode.Enforce;
        }
    }

    internal static Finding InvalidValue(string name, string expected, string found, string? file) =>
        Finding.Create(RuleCatalog.PolicyInvalidValue, name, Strings.Get(expected), "'" + found + "'").At(file, 0, 0);
}
