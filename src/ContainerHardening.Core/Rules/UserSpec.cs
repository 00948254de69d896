using System.Globalization;

namespace ContainerHardening.Rules;

/// <summary>The image config's "User": "name", "uid", "name:group" or "uid:gid"; empty means root.</summary>
internal sealed record UserSpec(string User, string? Group)
{
    public static UserSpec Parse(string? value)
    {
        string text = (value ?? string.Empty).Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new UserSpec(text, null) : new UserSpec(text[..colon], text[(colon + 1)..]);
    }

    public bool IsEmpty => User.Length == 0;

    public int? NumericUid => int.TryParse(User, NumberStyles.None, CultureInfo.InvariantCulture, out int uid) ? uid : null;

    public int? NumericGid => int.TryParse(Group, NumberStyles.None, CultureInfo.InvariantCulture, out int gid) ? gid : null;
}
