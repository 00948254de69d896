using System.Globalization;
using System.Text;

namespace ContainerHardening.Rules;

/// <summary>/etc/passwd or /etc/group: "name:x:id:…" lines, read for the name → id mapping only.</summary>
internal static class AccountFile
{
    /// <summary>Name → (id, the fourth field: a passwd user's primary group; null for a group file).</summary>
    public static Dictionary<string, (int Id, int? Gid)> Read(byte[]? content)
    {
        var ids = new Dictionary<string, (int Id, int? Gid)>(StringComparer.Ordinal);
        if (content is null)
        {
            return ids;
        }

        foreach (string line in Encoding.UTF8.GetString(content).Split('\n'))
        {
            string[] fields = line.Trim().Split(':');
            if (fields.Length >= 3 && fields[0].Length > 0 && !fields[0].StartsWith('#')
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                int? gid = fields.Length >= 4 && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out int g) ? g : null;
                ids.TryAdd(fields[0], (id, gid));
            }
        }

        return ids;
    }
}
