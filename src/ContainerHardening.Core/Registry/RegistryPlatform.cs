namespace ContainerHardening.Registry;

/// <summary>An image index platform: <c>os/architecture[/variant]</c> as in <c>linux/arm64/v8</c>.</summary>
public sealed record RegistryPlatform(string Os, string Architecture, string? Variant = null)
{
    public static RegistryPlatform Parse(string text)
    {
        string[] parts = text.Split('/');
        return parts.Length is 2 or 3 && parts.All(p => p.Length > 0)
            ? new RegistryPlatform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : throw new FormatException($"'{text}' is not a platform of the form os/architecture[/variant].");
    }

    /// <summary>The variant with the defaults filled in: <c>v8</c> for arm64 and <c>v7</c> for arm.</summary>
    public string? NormalizedVariant => Variant ?? Architecture switch
    {
        "arm64" => "v8",
        "arm" => "v7",
        _ => null,
    };

    public override string ToString() => Os + "/" + Architecture + (Variant is null ? "" : "/" + Variant);
}
