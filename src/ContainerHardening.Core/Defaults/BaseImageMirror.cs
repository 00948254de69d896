namespace ContainerHardening.Defaults;

/// <summary>Points the SDK's computed Microsoft base image at an organisation's mirror, keeping repository and tag.</summary>
public static class BaseImageMirror
{
    public const string MicrosoftRegistry = "mcr.microsoft.com";

    /// <summary>
    /// Replaces the <c>mcr.microsoft.com</c> registry of <paramref name="baseImage"/> with <paramref name="mirrorRegistry"/>.
    /// Images from any other registry are returned unchanged: a mirror stands in for Microsoft's registry only.
    /// </summary>
    public static string Redirect(string baseImage, string mirrorRegistry)
    {
        string mirror = mirrorRegistry.Trim().TrimEnd('/');
        string prefix = MicrosoftRegistry + "/";
        if (mirror.Length == 0 || !baseImage.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return baseImage;
        }

        return mirror + "/" + baseImage[prefix.Length..];
    }
}
