namespace ContainerHardening.Defaults;

/// <summary>Turns a repository URL from the project or source control into the public form that goes into a label.</summary>
public static class RepositoryUrls
{
    /// <summary>
    /// Drops any user name or token in the URL (CI clones often carry one, and a label is public) and the ".git" suffix
    /// that scanners do not expect. Returns "" for anything that is not an absolute http(s) URL.
    /// </summary>
    public static string ForLabel(string repositoryUrl)
    {
        if (!Uri.TryCreate(repositoryUrl.Trim(), UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "";
        }

        string path = uri.AbsolutePath.EndsWith(".git", StringComparison.OrdinalIgnoreCase)
            ? uri.AbsolutePath[..^4]
            : uri.AbsolutePath;
        var builder = new UriBuilder(uri.Scheme, uri.Host, uri.IsDefaultPort ? -1 : uri.Port, path);
        return builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
    }
}
