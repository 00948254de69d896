namespace ContainerHardening.Sbom;

/// <summary>
/// Finds the .NET shared frameworks installed in an image from its paths: <c>usr/share/dotnet/shared/&lt;Name&gt;/&lt;version&gt;/…</c>
/// (the official images) or <c>usr/lib/dotnet/shared/…</c> (distribution packages).
/// </summary>
public static class SharedFrameworkReader
{
    private static readonly string[] Roots = ["usr/share/dotnet/shared/", "usr/lib/dotnet/shared/", "opt/dotnet/shared/"];

    public static IReadOnlyList<SbomComponent> Read(IEnumerable<string> paths)
    {
        var found = new SortedDictionary<string, SbomComponent>(StringComparer.Ordinal);
        foreach (string raw in paths)
        {
            string path = raw.TrimStart('.', '/');
            string? root = Roots.FirstOrDefault(r => path.StartsWith(r, StringComparison.Ordinal));
            if (root is null)
            {
                continue;
            }

            string[] parts = path[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !char.IsAsciiDigit(parts[1][0]))
            {
                continue;
            }

            string purl = PackageUrl.DotNetFramework(parts[0], parts[1]);
            found.TryAdd(purl, new SbomComponent(SbomComponentKind.DotNetFramework, parts[0], parts[1], purl) { Source = "/" + root + parts[0] + "/" + parts[1] });
        }

        return [.. found.Values];
    }
}
