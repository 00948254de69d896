using System.Globalization;
using System.Text;

namespace ContainerHardening.Sbom;

/// <summary>
/// Builds package URLs (purl, https://github.com/package-url/purl-spec) in canonical form: type lower-case, each
/// namespace segment, the name, the version and qualifier values percent-encoded as UTF-8 except for the unreserved
/// characters <c>A-Z a-z 0-9 . - _ ~</c> and the colon (which the spec says must not be encoded); so '+' becomes %2B,
/// '/' in a name %2F (but not in a qualifier value), a space %20. Qualifiers are sorted by key and empty values dropped.
/// </summary>
public static class PackageUrl
{
    public static string Create(string type, string? @namespace, string name, string? version, IEnumerable<KeyValuePair<string, string?>>? qualifiers = null)
    {
        var purl = new StringBuilder("pkg:").Append(type.ToLowerInvariant()).Append('/');
        if (!string.IsNullOrEmpty(@namespace))
        {
            foreach (string segment in @namespace.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                purl.Append(Encode(segment)).Append('/');
            }
        }

        purl.Append(Encode(name));
        if (!string.IsNullOrEmpty(version))
        {
            purl.Append('@').Append(Encode(version));
        }

        char separator = '?';
        foreach (KeyValuePair<string, string?> qualifier in (qualifiers ?? [])
            .Where(q => !string.IsNullOrEmpty(q.Value))
            .OrderBy(q => q.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            purl.Append(separator).Append(qualifier.Key.ToLowerInvariant()).Append('=').Append(Encode(qualifier.Value!, keepSlash: true));
            separator = '&';
        }

        return purl.ToString();
    }

    /// <summary><c>pkg:nuget/Name@Version</c>; NuGet ids keep their case (the purl nuget type is case-preserving).</summary>
    public static string NuGet(string id, string version) => Create("nuget", null, id, version);

    /// <summary>
    /// <c>pkg:deb/debian/name@version?arch=amd64&amp;distro=debian-12</c>, as Syft and Trivy write them: the namespace is
    /// the os-release ID (debian, ubuntu) and distro is ID-VERSION_ID. Debian package names are lower-case by policy.
    /// </summary>
    public static string Deb(OsRelease? os, string name, string version, string? arch) =>
        Create("deb", os?.Id ?? "debian", name.ToLowerInvariant(), version, Qualifiers(os, arch));

    /// <summary><c>pkg:apk/alpine/name@version?arch=x86_64&amp;distro=alpine-3.20.3</c>.</summary>
    public static string Apk(OsRelease? os, string name, string version, string? arch) =>
        Create("apk", os?.Id ?? "alpine", name.ToLowerInvariant(), version, Qualifiers(os, arch));

    /// <summary>
    /// <c>pkg:generic/dotnet/Microsoft.NETCore.App@10.0.12</c> for a shared framework. Not <c>pkg:nuget</c>: no NuGet
    /// package has that id and version (the runtime packs are Microsoft.NETCore.App.Runtime.&lt;rid&gt;), so a nuget
    /// purl would point a scanner at the wrong thing.
    /// </summary>
    public static string DotNetFramework(string name, string version) => Create("generic", "dotnet", name, version);

    /// <summary>
    /// <c>pkg:oci/name@sha256%3A…?repository_url=registry/path</c> for an image (purl type oci: the name is the last path
    /// segment, lower-case, and the version the manifest digest).
    /// </summary>
    public static string Oci(string repository, string? digest, string? tag = null)
    {
        string withoutTag = StripTagAndDigest(repository);
        string name = withoutTag[(withoutTag.LastIndexOf('/') + 1)..].ToLowerInvariant();
        return Create("oci", null, name, digest, [new("repository_url", withoutTag.ToLowerInvariant()), new("tag", tag)]);
    }

    /// <param name="keepSlash">Leave '/' as is: qualifier values such as repository_url keep it, as the spec's examples do.</param>
    public static string Encode(string value, bool keepSlash = false)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_' or '~' or ':' || (keepSlash && c == '/'))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static KeyValuePair<string, string?>[] Qualifiers(OsRelease? os, string? arch) =>
        [new("arch", arch), new("distro", os?.Distro)];

    private static string StripTagAndDigest(string repository)
    {
        int at = repository.IndexOf('@', StringComparison.Ordinal);
        string name = at >= 0 ? repository[..at] : repository;
        int colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }
}
