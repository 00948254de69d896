using System.Text;

namespace ContainerHardening.Sbom;

/// <summary>The fields of os-release(5) the SBOM uses.</summary>
public sealed record OsRelease(string Id, string? VersionId, string? PrettyName)
{
    /// <summary>The purl distro qualifier: ID-VERSION_ID (<c>debian-12</c>, <c>ubuntu-24.04</c>, <c>alpine-3.20.3</c>).</summary>
    public string Distro => VersionId is null ? Id : Id + "-" + VersionId;

    /// <summary>
    /// Parses os-release text: KEY=value lines, values optionally in single or double quotes with backslash escapes;
    /// comments and malformed lines are ignored. Null when there is no ID (the spec's default "linux" says nothing).
    /// </summary>
    public static OsRelease? Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
            {
                continue;
            }

            values[line[..equals]] = Unquote(line[(equals + 1)..]);
        }

        return values.TryGetValue("ID", out string? id) && id.Length > 0
            ? new OsRelease(id.ToLowerInvariant(), values.GetValueOrDefault("VERSION_ID") is { Length: > 0 } v ? v : null, values.GetValueOrDefault("PRETTY_NAME"))
            : null;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || (value[0] != '"' && value[0] != '\'') || value[^1] != value[0])
        {
            return value;
        }

        var result = new StringBuilder();
        for (int i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && value[0] == '"' && i + 1 < value.Length - 1)
            {
                i++;
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }
}
