namespace ContainerHardening.Image;

/// <summary>Paths inside archives and layers, normalised to the form the filesystem view is keyed by: "usr/bin/app".</summary>
public static class ImagePaths
{
    /// <summary>
    /// Drops leading "/" and "./", empty and "." segments and a trailing "/". Returns null when a ".." segment
    /// would climb out of the root: such an entry is never resolved, only reported.
    /// </summary>
    public static string? Normalize(string path)
    {
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            return null;
        }

        return string.Join('/', segments.Where(s => s != "."));
    }

    /// <summary>The directory holding <paramref name="normalizedPath"/>; "" for the root.</summary>
    public static string Parent(string normalizedPath)
    {
        int slash = normalizedPath.LastIndexOf('/');
        return slash < 0 ? string.Empty : normalizedPath[..slash];
    }

    public static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;
}
