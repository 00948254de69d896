namespace ContainerHardening.Registry;

/// <summary>
/// One logical registry request. Bodies are in memory (at most one upload chunk), so a request can be sent again
/// after a 401 challenge, a redirect or a retry.
/// </summary>
internal sealed class RegistryRequest(HttpMethod method, Uri uri, ImageReference repository)
{
    public HttpMethod Method { get; } = method;

    public Uri Uri { get; } = uri;

    /// <summary>The repository the request is about; its registry selects credentials and the token cache.</summary>
    public ImageReference Repository { get; } = repository;

    /// <summary>Push needs <c>pull,push</c> on the repository; pull needs <c>pull</c>.</summary>
    public bool Push { get; init; }

    /// <summary>A repository to read from as well (the source of a cross-repository mount).</summary>
    public string? AlsoPullFrom { get; init; }

    /// <summary>No repository scope at all (the <c>/v2/</c> version check).</summary>
    public bool Unscoped { get; init; }

    public ReadOnlyMemory<byte>? Body { get; init; }

    public string? ContentType { get; init; }

    public string? ContentRange { get; init; }

    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary>The token scopes this request needs, in the distribution token format.</summary>
    public IReadOnlyList<string> Scopes =>
        Unscoped
            ? []
            : AlsoPullFrom is null
                ? [$"repository:{Repository.Repository}:{(Push ? "pull,push" : "pull")}"]
                : [$"repository:{Repository.Repository}:{(Push ? "pull,push" : "pull")}", $"repository:{AlsoPullFrom}:pull"];

    /// <summary>What messages call the request: method and path, never the query (upload state, tokens).</summary>
    public string Operation => Method.Method + " " + Uri.AbsolutePath;
}
