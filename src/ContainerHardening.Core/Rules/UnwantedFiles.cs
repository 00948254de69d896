using ContainerHardening.Analysis;

namespace ContainerHardening.Rules;

/// <summary>
/// The names that do not belong in a production image: debug symbols, sources and project files, development settings,
/// repository metadata and private keys. Shared by CH2007 (visible files) and CH2008 (files a higher layer deletes).
/// </summary>
internal static class UnwantedFiles
{
    // Certificates are public; *.pem under these directories are trust stores, not private keys. (/etc/ssl/private is
    // where private keys live, so /etc/ssl as a whole is not exempt.)
    private static readonly string[] CertificateDirectories =
        ["etc/ssl/certs/", "etc/pki/ca-trust/", "etc/pki/tls/certs/", "etc/ca-certificates/", "usr/share/ca-certificates/", "usr/local/share/ca-certificates/"];

    private static readonly string[] ExactNames =
        ["appsettings.Development.json", "launchSettings.json", "secrets.json", ".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

    private static readonly string[] Extensions = [".pdb", ".csproj", ".cs", ".pem", ".key"];

    /// <summary>The pattern <paramref name="entry"/> matches ("*.pdb", ".git/"), or null when it is fine.</summary>
    public static string? Match(ImageEntry entry)
    {
        string path = entry.Path;
        string name = path[(path.LastIndexOf('/') + 1)..];
        if (entry.Kind == EntryKind.Directory)
        {
            return name == ".git" ? ".git/" : null;
        }

        if (entry.Kind is not (EntryKind.File or EntryKind.HardLink))
        {
            return null;
        }

        if (path.Split('/').Contains(".git"))
        {
            // Inside a repository: the ".git/" directory is the finding, unless no layer lists the directory itself.
            return null;
        }

        if (ExactNames.Contains(name, StringComparer.Ordinal))
        {
            return name;
        }

        string? extension = Extensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase) && name.Length > e.Length);
        if (extension is ".pem" or ".key" && CertificateDirectories.Any(d => path.StartsWith(d, StringComparison.Ordinal)))
        {
            return null;
        }

        return extension is null ? null : "*" + extension;
    }
}
