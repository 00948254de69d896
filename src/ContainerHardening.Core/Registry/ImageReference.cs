using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ContainerHardening.Registry;

/// <summary>
/// A parsed image reference, <c>[http(s)://]registry/repository[:tag][@algorithm:hex]</c>, with Docker's defaults:
/// no registry means Docker Hub (<c>docker.io</c>, served by <c>registry-1.docker.io</c>), a one-part Docker Hub name
/// gets the <c>library/</c> prefix, and no tag and no digest means <c>latest</c>. The first path part is a registry
/// when it holds a dot or a colon, is <c>localhost</c>, or is a bracketed IPv6 address.
/// </summary>
/// <param name="Registry">The registry as the user knows it, lower-case with its port: <c>docker.io</c>, <c>localhost:5000</c>.</param>
/// <param name="Repository">The repository path inside the registry: <c>library/ubuntu</c>, <c>dotnet/aspnet</c>.</param>
/// <param name="Tag">The tag, or null when the reference pins only a digest.</param>
/// <param name="Digest">The pinned manifest digest, or null.</param>
/// <param name="Scheme">
/// <c>http</c> or <c>https</c> when the text named a scheme; null lets the client choose (plain HTTP only for
/// registries on its insecure allow-list).
/// </param>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest, string? Scheme = null)
{
    public const string DockerHub = "docker.io";

    public const string DockerHubHost = "registry-1.docker.io";

    public const string DefaultTag = "latest";

    /// <summary>The host (and port) requests go to: Docker Hub's API host for <c>docker.io</c>, else <see cref="Registry"/>.</summary>
    public string RegistryHost => Registry == DockerHub ? DockerHubHost : Registry;

    /// <summary>What goes after <c>/manifests/</c>: the digest when pinned, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? DefaultTag;

    public static ImageReference Parse(string text) =>
        TryParse(text, out ImageReference? reference, out string? error)
            ? reference
            : throw new FormatException($"'{text}' is not a valid image reference: {error}");

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(text, out reference, out _);

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        string rest = text.Trim();
        string? scheme = null;
        foreach (string candidate in new[] { "http", "https" })
        {
            if (rest.StartsWith(candidate + "://", StringComparison.OrdinalIgnoreCase))
            {
                scheme = candidate;
                rest = rest.Substring(candidate.Length + 3);
            }
        }

        string? digest = null;
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest.Substring(at + 1);
            rest = rest.Substring(0, at);
            if (!ContentDigest.IsValid(digest))
            {
                error = "the digest must look like sha256:<64 lower-case hex digits>";
                return false;
            }
        }

        string? tag = null;
        int lastColon = rest.LastIndexOf(':');
        if (lastColon > rest.LastIndexOf('/') && lastColon > rest.LastIndexOf(']'))
        {
            tag = rest.Substring(lastColon + 1);
            rest = rest.Substring(0, lastColon);
            if (!TagPattern().IsMatch(tag))
            {
                error = "a tag is 1-128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'";
                return false;
            }
        }

        string registry = DockerHub;
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && LooksLikeRegistry(rest.Substring(0, slash)))
        {
            registry = rest.Substring(0, slash).ToLowerInvariant();
            rest = rest.Substring(slash + 1);
        }
        else if (scheme is not null)
        {
            error = "a reference with a scheme must name its registry";
            return false;
        }

        if (registry is "index.docker.io" or DockerHubHost)
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        if (rest.Length == 0 || rest.Length > 255 || !RepositoryPattern().IsMatch(rest))
        {
            error = "a repository is lower-case path parts of letters and digits separated by '.', '_', '__' or '-'";
            return false;
        }

        reference = new ImageReference(registry, rest, tag ?? (digest is null ? DefaultTag : null), digest, scheme);
        error = null;
        return true;
    }

    /// <summary>This repository pinned to <paramref name="digest"/>, without a tag.</summary>
    public ImageReference WithDigest(string digest) => this with { Tag = null, Digest = digest };

    /// <summary>This repository at <paramref name="tag"/>, without a digest.</summary>
    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public override string ToString() =>
        (Scheme is null ? "" : Scheme + "://") + Registry + "/" + Repository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The host of a <c>host[:port]</c> or <c>[ipv6][:port]</c> registry name, without brackets and port.</summary>
    public static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            int close = registry.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? registry.Substring(1, close - 1) : registry;
        }

        int colon = registry.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? registry.Substring(0, colon) : registry;
    }

    private static bool LooksLikeRegistry(string part) =>
        part.Contains('.', StringComparison.Ordinal) || part.Contains(':', StringComparison.Ordinal) || part.StartsWith('[')
        || string.Equals(part, "localhost", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
