namespace ContainerHardening.Reporting;

/// <summary>
/// Turns the paths findings carry into what the reports print: relative to the repository root with forward slashes,
/// so a report reads the same on every machine and a SARIF viewer can resolve it against its own checkout.
/// </summary>
internal readonly record struct RepositoryPath(string Path, bool IsUnderRoot)
{
    public static RepositoryPath Of(string repositoryRoot, string file)
    {
        string full = System.IO.Path.GetFullPath(file, repositoryRoot);
        string relative = System.IO.Path.GetRelativePath(repositoryRoot, full);
        bool isUnderRoot = !System.IO.Path.IsPathRooted(relative)
            && relative != ".."
            && !relative.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return isUnderRoot
            ? new RepositoryPath(relative.Replace(System.IO.Path.DirectorySeparatorChar, '/'), true)
            : new RepositoryPath(full.Replace(System.IO.Path.DirectorySeparatorChar, '/'), false);
    }

    /// <summary>
    /// The SARIF artifact URI: a relative reference (each segment escaped) resolved against %SRCROOT%, or an absolute
    /// file URI for a file outside the repository.
    /// </summary>
    public string ToUri() => IsUnderRoot
        ? string.Join('/', Path.Split('/').Select(Uri.EscapeDataString))
        : new Uri(Path).AbsoluteUri;

    /// <summary>The absolute file URI of a folder, ending in '/' as SARIF requires of a base URI.</summary>
    public static string FolderUri(string folder) =>
        new Uri(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(folder)) + System.IO.Path.DirectorySeparatorChar).AbsoluteUri;
}
