using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ContainerHardening.Diagnostics;
using YamlDotNet.Core;

namespace ContainerHardening.Policy;

/// <summary>
/// Turns the text of a container-hardening.yml into a <see cref="ContainerPolicy"/>. It never throws for bad content:
/// each problem becomes a finding at the offending node, the bad entry is left out, and the rest is still read.
/// </summary>
internal sealed class PolicyParser
{
    private static readonly string[] TopLevelKeys = ["rules", "options", "suppressions"];
    private static readonly string[] RuleEntryKeys = ["severity"];
    private static readonly string[] OptionKeys = ["allowedBaseRegistries", "maxImageSizeMb", "allowedPorts", "maxBaseAgeDays", "allowInsecureRegistries"];
    private static readonly string[] SuppressionKeys = ["rule", "path", "match", "reason", "expires"];

    private readonly string file;
    private readonly List<Finding> findings = [];

    private delegate bool ValueReader<T>(YamlNode node, string name, [MaybeNullWhen(false)] out T value);

    private PolicyParser(string file) => this.file = file;

    /// <param name="file">The path findings name; the text need not come from disk.</param>
    public static PolicyLoadResult Parse(string text, string file) => new PolicyParser(file).Parse(text);

    private PolicyLoadResult Parse(string text)
    {
        YamlNode? root;
        try
        {
            root = YamlTree.Read(text);
        }
        catch (YamlException e)
        {
            return new(ContainerPolicy.Empty with { File = file }, [SyntaxProblem(text, e)]);
        }

        var severities = new Dictionary<string, Severity>(StringComparer.Ordinal);
        PolicyOptions options = PolicyOptions.None;
        List<Suppression> suppressions = [];
        string fileName = Path.GetFileName(file);
        if (root is not (null or YamlScalar { IsNull: true }) && IsA(fileName, ExpectedValue.Mapping, root, out YamlMapping? map))
        {
            foreach ((YamlScalar key, YamlNode value) in Entries(map, fileName, TopLevelKeys))
            {
                switch (key.Value)
                {
                    case "rules":
                        ReadRules(value, severities);
                        break;
                    case "options":
                        options = ReadOptions(value);
                        break;
                    case "suppressions":
                        suppressions = ReadSuppressions(value);
                        break;
                }
            }
        }

        return new(new ContainerPolicy(file, severities, options, suppressions), findings);
    }

    /// <summary>
    /// YamlDotNet reports a tab in the indentation at the start of the enclosing block, or as a generic scanner error,
    /// so when parsing fails the first indenting tab, if any, is the clearer cause to report.
    /// </summary>
    private Finding SyntaxProblem(string text, YamlException e)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int firstContent = lines[i].AsSpan().IndexOfAnyExcept(" \t");
            int tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && firstContent > tab && lines[i][firstContent] is not ('#' or '\r'))
            {
                return Finding.Create(RuleCatalog.PolicyTabIndentation).At(file, i + 1, tab + 1);
            }
        }

        return Finding.Create(RuleCatalog.PolicyNotYaml, e.Message).At(file, checked((int)e.Start.Line), checked((int)e.Start.Column));
    }

    private void ReadRules(YamlNode node, Dictionary<string, Severity> severities)
    {
        if (!IsA("rules", ExpectedValue.Mapping, node, out YamlMapping? map))
        {
            return;
        }

        foreach ((YamlScalar key, YamlNode value) in Entries(map, "rules", allowedKeys: null))
        {
            if (KnownRule(key) is { } rule && ReadRuleSeverity(value, "rules." + rule.Id, out Severity severity))
            {
                severities[rule.Id] = severity;
            }
        }
    }

    /// <summary>A rule entry is either the severity word itself or a mapping with a <c>severity</c> key.</summary>
    private bool ReadRuleSeverity(YamlNode node, string name, out Severity severity)
    {
        if (node is not YamlMapping map)
        {
            return ReadSeverity(node, name, out severity);
        }

        severity = default;
        bool read = false;
        foreach ((_, YamlNode value) in Entries(map, name, RuleEntryKeys))
        {
            read = ReadSeverity(value, name + ".severity", out severity);
        }

        return HasKey(map, name, "severity") && read;
    }

    private PolicyOptions ReadOptions(YamlNode node)
    {
        PolicyOptions options = PolicyOptions.None;
        if (!IsA("options", ExpectedValue.Mapping, node, out YamlMapping? map))
        {
            return options;
        }

        foreach ((YamlScalar key, YamlNode value) in Entries(map, "options", OptionKeys))
        {
            string name = "options." + key.Value;
            options = key.Value switch
            {
                "allowedBaseRegistries" => options with { AllowedBaseRegistries = ReadList<string>(value, name, ReadText) },
                "maxImageSizeMb" => options with { MaxImageSizeMb = ReadPositiveInteger(value, name, out int size) ? size : null },
                "allowedPorts" => options with { AllowedPorts = ReadList<int>(value, name, ReadPort) },
                "maxBaseAgeDays" => options with { MaxBaseAgeDays = ReadPositiveInteger(value, name, out int days) ? days : null },
                // allowInsecureRegistries: Entries lets only the OptionKeys through.
                _ => options with { AllowInsecureRegistries = ReadList<string>(value, name, ReadText) },
            };
        }

        return options;
    }

    private List<Suppression> ReadSuppressions(YamlNode node)
    {
        List<Suppression> suppressions = [];
        if (!IsA("suppressions", ExpectedValue.Sequence, node, out YamlSequence? list))
        {
            return suppressions;
        }

        for (int i = 0; i < list.Items.Count; i++)
        {
            if (ReadSuppression(list.Items[i], $"suppressions[{i}]") is { } suppression)
            {
                suppressions.Add(suppression);
            }
        }

        return suppressions;
    }

    private Suppression? ReadSuppression(YamlNode node, string name)
    {
        if (!IsA(name, ExpectedValue.Mapping, node, out YamlMapping? map))
        {
            return null;
        }

        RuleInfo? rule = null;
        string? path = null, match = null, reason = null;
        DateOnly? expires = null;
        bool valid = true;
        foreach ((YamlScalar key, YamlNode value) in Entries(map, name, SuppressionKeys))
        {
            string keyName = name + "." + key.Value;
            switch (key.Value)
            {
                case "rule":
                    rule = ReadText(value, keyName, out _) ? KnownRule((YamlScalar)value) : null;
                    break;
                case "path":
                    valid &= ReadText(value, keyName, out path);
                    break;
                case "match":
                    valid &= ReadText(value, keyName, out match);
                    break;
                case "reason":
                    valid &= ReadText(value, keyName, out reason);
                    break;
                default: // expires
                    expires = ReadDate(value, keyName, out DateOnly date) ? date : null;
                    valid &= expires is not null;
                    break;
            }
        }

        // Both checks run, so a suppression missing both keys reports both.
        valid &= HasKey(map, name, "rule") & HasKey(map, name, "reason");
        return valid && rule is not null && reason is not null
            ? new Suppression(rule.Id, path, match, reason, expires, map.Line, map.Column)
            : null;
    }

    private bool HasKey(YamlMapping map, string name, string key)
    {
        if (map.Entries.Any(entry => entry.Key is YamlScalar scalar && scalar.Value == key))
        {
            return true;
        }

        Report(RuleCatalog.PolicyMissingKey, map, name, key);
        return false;
    }

    /// <summary>
    /// The entries of <paramref name="map"/> with a text key, each key once: a repeated key, a key that is not text,
    /// and (when <paramref name="allowedKeys"/> is given) a key not in that list are reported and skipped.
    /// </summary>
    private IEnumerable<(YamlScalar Key, YamlNode Value)> Entries(YamlMapping map, string name, string[]? allowedKeys)
    {
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        foreach ((YamlNode keyNode, YamlNode value) in map.Entries)
        {
            if (!ReadText(keyNode, Strings.Format(ExpectedValue.KeyOf, name), out _))
            {
                continue;
            }

            var key = (YamlScalar)keyNode;
            if (seen.TryGetValue(key.Value, out YamlScalar? first))
            {
                Report(RuleCatalog.PolicyDuplicateKey, key, key.Value, first.Line);
            }
            else if (allowedKeys is not null && !allowedKeys.Contains(key.Value, StringComparer.Ordinal))
            {
                Report(RuleCatalog.PolicyUnknownKey, key, key.Value, string.Join(", ", allowedKeys));
            }
            else
            {
                seen.Add(key.Value, key);
                yield return (key, value);
            }
        }
    }

    private RuleInfo? KnownRule(YamlScalar id)
    {
        RuleInfo? rule = RuleCatalog.Find(id.Value);
        if (rule is null)
        {
            Report(RuleCatalog.PolicyUnknownRule, id, id.Value);
        }

        return rule;
    }

    private List<T>? ReadList<T>(YamlNode node, string name, ValueReader<T> readItem)
    {
        if (!IsA(name, ExpectedValue.Sequence, node, out YamlSequence? list))
        {
            return null;
        }

        List<T> values = [];
        for (int i = 0; i < list.Items.Count; i++)
        {
            if (readItem(list.Items[i], $"{name}[{i}]", out T? value))
            {
                values.Add(value);
            }
        }

        return values;
    }

    private bool ReadText(YamlNode node, string name, [NotNullWhen(true)] out string? text)
    {
        text = node is YamlScalar { IsNull: false } scalar && !string.IsNullOrWhiteSpace(scalar.Value) ? scalar.Value : null;
        return text is not null || Invalid(node, name, ExpectedValue.Text);
    }

    private bool ReadSeverity(YamlNode node, string name, out Severity severity)
    {
        severity = default;
        return (node is YamlScalar scalar && SeverityWords.TryParse(scalar.Value, out severity))
            || Invalid(node, name, ExpectedValue.Severity);
    }

    private bool ReadPositiveInteger(YamlNode node, string name, out int value) =>
        ReadInteger(node, name, 1, int.MaxValue, ExpectedValue.PositiveInteger, out value);

    private bool ReadPort(YamlNode node, string name, out int port) =>
        ReadInteger(node, name, 1, 65535, ExpectedValue.Port, out port);

    /// <summary>Only a plain scalar is a number: <c>"300"</c> in quotes is text in YAML, and the schema says so too.</summary>
    private bool ReadInteger(YamlNode node, string name, int min, int max, string expected, out int value)
    {
        value = 0;
        return (node is YamlScalar { IsPlain: true } scalar
                && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value)
                && value >= min && value <= max)
            || Invalid(node, name, expected);
    }

    private bool ReadDate(YamlNode node, string name, out DateOnly date)
    {
        date = default;
        return (node is YamlScalar scalar
                && DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            || Invalid(node, name, ExpectedValue.Date);
    }

    private bool IsA<T>(string name, string expected, YamlNode node, [NotNullWhen(true)] out T? typed)
        where T : YamlNode
    {
        typed = node as T;
        return typed is not null || Invalid(node, name, expected);
    }

    /// <summary>Reports that <paramref name="node"/> is not what <paramref name="name"/> needs; always false.</summary>
    private bool Invalid(YamlNode node, string name, string expected)
    {
        string found = node switch
        {
            YamlScalar { IsNull: true } => Strings.Get(ExpectedValue.Nothing),
            YamlScalar scalar => "'" + scalar.Value + "'",
            YamlSequence => Strings.Get(ExpectedValue.Sequence),
            _ => Strings.Get(ExpectedValue.Mapping),
        };
        Report(RuleCatalog.PolicyInvalidValue, node, name, Strings.Get(expected), found);
        return false;
    }

    private void Report(RuleInfo rule, YamlNode at, params object?[] args) =>
        findings.Add(Finding.Create(rule, args).At(file, at.Line, at.Column));
}
