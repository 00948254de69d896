using System.Globalization;

namespace ContainerHardening.Defaults;

/// <summary>A ContainerPort item: the port as the user wrote it and its protocol.</summary>
public sealed record ContainerPort(string Port, string Type = "tcp")
{
    /// <summary>The numeric port, or null when the item is not a number (the SDK reports that itself).</summary>
    public int? Number => int.TryParse(Port, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
}
