namespace ContainerHardening.Image;

/// <summary>
/// The base image as the project names it ("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled@sha256:…"),
/// split the way registries read it. A name without a registry is on Docker Hub ("docker.io").
/// </summary>
public sealed record BaseImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    public static BaseImageReference Parse(string reference)
    {
        string rest = reference.Trim();
        string? digest = null;
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        // Like Docker: the first segment is a registry when it has a dot or a port, or is "localhost".
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string first = slash < 0 ? string.Empty : rest[..slash];
        if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
        {
            return new BaseImageReference(first, rest[(slash + 1)..], tag, digest);
        }

        return new BaseImageReference(DockerHub, slash < 0 ? "library/" + rest : rest, tag, digest);
    }

    public override string ToString() =>
        Registry + "/" + Repository + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);
}
