using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerHardening.Registry;

namespace ContainerHardening.Tests.Registry;

/// <summary>
/// An in-process OCI distribution registry (no network): blobs, uploads (monolithic and chunked, checking
/// Content-Range), manifests, cross-repository mounts, referrers, Basic or Bearer auth with a token service,
/// a blob CDN redirect, and injected failures. Every request is recorded.
/// </summary>
internal sealed partial class FakeRegistry : HttpMessageHandler
{
    public const string Host = "registry.test";
    public const string TokenRealm = "https://auth.test/token";
    public const string CdnHost = "cdn.test";

    private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly HashSet<(string Repository, string Digest)> links = [];
    private readonly Dictionary<(string Repository, string Reference), (string MediaType, byte[] Content)> manifests = [];
    private readonly Dictionary<string, (string Repository, MemoryStream Content)> uploads = new(StringComparer.Ordinal);
    private readonly HashSet<string> issuedTokens = new(StringComparer.Ordinal);
    private readonly Queue<HttpStatusCode> failures = new();
    private int counter;

    public enum AuthMode
    {
        None,
        Basic,
        Bearer,
    }

    public AuthMode Auth { get; init; } = AuthMode.None;

    public string Username { get; init; } = "ci-bot";

    public string Password { get; init; } = "p@ss-w0rd-SECRET";

    /// <summary>The identity token the token service exchanges with the refresh-token grant.</summary>
    public string RefreshToken { get; init; } = "refresh-TOKEN-SECRET";

    /// <summary>When false the token service issues anonymous tokens too (a public registry).</summary>
    public bool TokenNeedsCredentials { get; init; }

    public bool SupportsReferrers { get; init; } = true;

    public bool AllowMount { get; init; } = true;

    /// <summary>GET blob answers 307 to the CDN, as registries backed by object storage do.</summary>
    public bool RedirectBlobsToCdn { get; init; }

    public string CdnScheme { get; init; } = "https";

    /// <summary>Serve different bytes than were pushed for this digest (a tampering mirror).</summary>
    public string? CorruptDigest { get; set; }

    public List<RecordedRequest> Requests { get; } = [];

    public List<string> TokenScopes { get; } = [];

    public int TokensIssued { get; private set; }

    /// <summary>The next registry (not token service) requests answer these statuses, in order.</summary>
    public void FailNext(HttpStatusCode status, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            failures.Enqueue(status);
        }
    }

    public static ImageReference Repo(string repository) => new(Host, repository, null, null);

    public RegistryDescriptor AddBlob(string repository, byte[] content, string mediaType = "application/octet-stream")
    {
        RegistryDescriptor descriptor = RegistryDescriptor.For(mediaType, content);
        blobs[descriptor.Digest] = content;
        links.Add((repository, descriptor.Digest));
        return descriptor;
    }

    public RegistryDescriptor AddManifest(string repository, string? tag, byte[] content, string mediaType)
    {
        RegistryDescriptor descriptor = RegistryDescriptor.For(mediaType, content);
        manifests[(repository, descriptor.Digest)] = (mediaType, content);
        if (tag is not null)
        {
            manifests[(repository, tag)] = (mediaType, content);
        }

        return descriptor;
    }

    /// <summary>Every token issued so far stops working, as when tokens expire.</summary>
    public void RevokeTokens() => issuedTokens.Clear();

    public bool HasBlob(string repository, string digest) => links.Contains((repository, digest));

    public byte[]? Blob(string digest) => blobs.GetValueOrDefault(digest);

    public (string MediaType, byte[] Content)? Manifest(string repository, string reference) =>
        manifests.TryGetValue((repository, reference), out (string, byte[]) m) ? m : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        RecordedRequest recorded = new(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            request.Content?.Headers.TryGetValues("Content-Range", out IEnumerable<string>? range) == true ? range.Single() : null,
            body.Length,
            request.Headers.Accept.Select(a => a.MediaType!).ToArray());
        // Clients push blobs several at a time; the registry's state changes one request at a time.
        lock (Requests)
        {
            Requests.Add(recorded);
            return Handle(request, body);
        }
    }

    private HttpResponseMessage Handle(HttpRequestMessage request, byte[] body)
    {
        Uri uri = request.RequestUri!;
        if (uri.GetLeftPart(UriPartial.Path) == TokenRealm)
        {
            return Token(request, uri, body);
        }

        if (uri.Host == CdnHost)
        {
            string digest = uri.AbsolutePath.TrimStart('/');
            return blobs.TryGetValue(digest, out byte[]? cdnBlob) ? Bytes(HttpStatusCode.OK, Served(digest, cdnBlob), "application/octet-stream") : Status(HttpStatusCode.NotFound);
        }

        if (failures.Count > 0)
        {
            return Status(failures.Dequeue());
        }

        if (Unauthorized(request) is { } challenge)
        {
            return challenge;
        }

        return Route(request, uri, body);
    }

    private HttpResponseMessage Route(HttpRequestMessage request, Uri uri, byte[] body)
    {
        string path = uri.AbsolutePath;
        HttpMethod method = request.Method;
        Match match;
        if (path == "/v2/")
        {
            return Status(HttpStatusCode.OK);
        }

        if ((match = ManifestPath().Match(path)).Success)
        {
            string repository = match.Groups["name"].Value;
            string reference = match.Groups["ref"].Value;
            if (method == HttpMethod.Put)
            {
                string mediaType = request.Content!.Headers.ContentType!.MediaType!;
                string digest = ContentDigest.Sha256(body);
                manifests[(repository, reference)] = (mediaType, body);
                manifests[(repository, digest)] = (mediaType, body);
                HttpResponseMessage created = Status(HttpStatusCode.Created);
                created.Headers.Location = new Uri($"/v2/{repository}/manifests/{digest}", UriKind.Relative);
                created.Headers.Add("Docker-Content-Digest", digest);
                using JsonDocument json = JsonDocument.Parse(body);
                if (SupportsReferrers && json.RootElement.TryGetProperty("subject", out JsonElement subject))
                {
                    created.Headers.Add("OCI-Subject", subject.GetProperty("digest").GetString());
                }

                return created;
            }

            if (!manifests.TryGetValue((repository, reference), out (string MediaType, byte[] Content) manifest))
            {
                return Error(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
            }

            HttpResponseMessage ok = Bytes(HttpStatusCode.OK, Served(ContentDigest.Sha256(manifest.Content), manifest.Content), manifest.MediaType);
            ok.Headers.Add("Docker-Content-Digest", ContentDigest.Sha256(manifest.Content));
            return ok;
        }

        if ((match = UploadStartPath().Match(path)).Success && method == HttpMethod.Post)
        {
            string repository = match.Groups["name"].Value;
            System.Collections.Specialized.NameValueCollection query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            if (query["mount"] is { } mount && query["from"] is { } from && AllowMount && links.Contains((from, mount)))
            {
                links.Add((repository, mount));
                HttpResponseMessage mounted = Status(HttpStatusCode.Created);
                mounted.Headers.Location = new Uri($"/v2/{repository}/blobs/{mount}", UriKind.Relative);
                return mounted;
            }

            string id = "u" + Interlocked.Increment(ref counter);
            uploads[id] = (repository, new MemoryStream());
            return Session(repository, id, 0);
        }

        if ((match = UploadPath().Match(path)).Success)
        {
            string repository = match.Groups["name"].Value;
            string id = match.Groups["id"].Value;
            if (!uploads.TryGetValue(id, out (string Repository, MemoryStream Content) upload) || upload.Repository != repository)
            {
                return Error(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
            }

            if (method == HttpMethod.Delete)
            {
                uploads.Remove(id);
                return Status(HttpStatusCode.NoContent);
            }

            if (method == HttpMethod.Patch)
            {
                string? range = request.Content?.Headers.TryGetValues("Content-Range", out IEnumerable<string>? values) == true ? values.Single() : null;
                if (range is not null)
                {
                    Match parts = RangeValue().Match(range);
                    if (!parts.Success || long.Parse(parts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != upload.Content.Length || long.Parse(parts.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) != upload.Content.Length + body.Length - 1)
                    {
                        return Status(HttpStatusCode.RequestedRangeNotSatisfiable);
                    }
                }

                upload.Content.Write(body);
                return Session(repository, id, upload.Content.Length);
            }

            if (method == HttpMethod.Put)
            {
                upload.Content.Write(body);
                string? digest = System.Web.HttpUtility.ParseQueryString(uri.Query)["digest"];
                byte[] content = upload.Content.ToArray();
                if (digest != ContentDigest.Sha256(content))
                {
                    return Error(HttpStatusCode.BadRequest, "DIGEST_INVALID");
                }

                uploads.Remove(id);
                blobs[digest] = content;
                links.Add((repository, digest));
                HttpResponseMessage created = Status(HttpStatusCode.Created);
                created.Headers.Location = new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative);
                created.Headers.Add("Docker-Content-Digest", digest);
                return created;
            }
        }

        if ((match = BlobPath().Match(path)).Success)
        {
            string repository = match.Groups["name"].Value;
            string digest = match.Groups["digest"].Value;
            if (!links.Contains((repository, digest)))
            {
                return Error(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
            }

            if (method == HttpMethod.Head)
            {
                HttpResponseMessage head = Status(HttpStatusCode.OK);
                head.Content = new ByteArrayContent([]);
                head.Content.Headers.ContentLength = blobs[digest].Length;
                return head;
            }

            if (RedirectBlobsToCdn)
            {
                HttpResponseMessage redirect = Status(HttpStatusCode.TemporaryRedirect);
                redirect.Headers.Location = new Uri($"{CdnScheme}://{CdnHost}/{digest}?signature=abc");
                return redirect;
            }

            return Bytes(HttpStatusCode.OK, Served(digest, blobs[digest]), "application/octet-stream");
        }

        if ((match = ReferrersPath().Match(path)).Success && SupportsReferrers)
        {
            string repository = match.Groups["name"].Value;
            string subject = match.Groups["digest"].Value;
            List<RegistryDescriptor> referrers = [];
            foreach (((string Repository, string Reference) key, (string MediaType, byte[] Content) value) in manifests)
            {
                if (key.Repository == repository && key.Reference.StartsWith("sha256:", StringComparison.Ordinal))
                {
                    RegistryManifest m = new(value.MediaType, value.Content);
                    if (m.Subject?.Digest == subject)
                    {
                        referrers.Add(m.Descriptor with { ArtifactType = m.ArtifactType ?? m.Config?.MediaType });
                    }
                }
            }

            return Bytes(HttpStatusCode.OK, RegistryManifestWriter.Index(referrers), RegistryMediaTypes.OciIndex);
        }

        return Error(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    private byte[] Served(string digest, byte[] content) =>
        digest == CorruptDigest ? content.Select(b => (byte)(b ^ 0xff)).ToArray() : content;

    private HttpResponseMessage? Unauthorized(HttpRequestMessage request)
    {
        AuthenticationHeaderValue? authorization = request.Headers.Authorization;
        switch (Auth)
        {
            case AuthMode.Basic:
                if (authorization?.Scheme == "Basic" && authorization.Parameter == BasicValue(Username, Password))
                {
                    return null;
                }

                HttpResponseMessage basic = Error(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                basic.Headers.WwwAuthenticate.ParseAdd("Basic realm=\"fake registry\"");
                return basic;
            case AuthMode.Bearer:
                if (authorization?.Scheme == "Bearer" && authorization.Parameter is { } token && issuedTokens.Contains(token))
                {
                    return null;
                }

                HttpResponseMessage bearer = Error(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                string scope = ScopeOf(request);
                bearer.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer realm=\"{TokenRealm}\",service=\"{Host}\"" + (scope.Length > 0 ? $",scope=\"{scope}\"" : ""));
                return bearer;
            default:
                return null;
        }
    }

    private static string ScopeOf(HttpRequestMessage request)
    {
        Match match = RepositoryOf().Match(request.RequestUri!.AbsolutePath);
        if (!match.Success)
        {
            return "";
        }

        bool push = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
        return $"repository:{match.Groups["name"].Value}:{(push ? "pull,push" : "pull")}";
    }

    private HttpResponseMessage Token(HttpRequestMessage request, Uri uri, byte[] body)
    {
        if (request.Method == HttpMethod.Post)
        {
            System.Collections.Specialized.NameValueCollection form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body));
            lock (TokenScopes)
            {
                TokenScopes.AddRange(form.GetValues("scope") ?? []);
            }

            return form["grant_type"] == "refresh_token" && form["refresh_token"] == RefreshToken && form["service"] == Host
                ? IssueToken()
                : Error(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        System.Collections.Specialized.NameValueCollection query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        lock (TokenScopes)
        {
            TokenScopes.AddRange(query.GetValues("scope") ?? []);
        }

        AuthenticationHeaderValue? authorization = request.Headers.Authorization;
        bool hasCredentials = authorization is not null;
        if ((hasCredentials && authorization!.Parameter != BasicValue(Username, Password)) || (!hasCredentials && TokenNeedsCredentials) || query["service"] != Host)
        {
            return Error(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        return IssueToken();
    }

    private HttpResponseMessage IssueToken()
    {
        string token = "tok-" + Interlocked.Increment(ref counter) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        issuedTokens.Add(token);
        TokensIssued++;
        return Bytes(HttpStatusCode.OK, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { token, expires_in = 300 })), "application/json");
    }

    public static string BasicValue(string username, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));

    private static HttpResponseMessage Session(string repository, string id, long length)
    {
        HttpResponseMessage accepted = Status(HttpStatusCode.Accepted);
        accepted.Headers.Location = new Uri($"/v2/{repository}/blobs/uploads/{id}?_state=s{length}", UriKind.Relative);
        accepted.Headers.Add("Docker-Upload-UUID", id);
        accepted.Headers.Add("Range", length == 0 ? "0-0" : $"0-{length - 1}");
        return accepted;
    }

    private static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    private static HttpResponseMessage Error(HttpStatusCode status, string code) =>
        Bytes(status, Encoding.UTF8.GetBytes($$"""{"errors":[{"code":"{{code}}","message":"{{code}}"}]}"""), "application/json");

    private static HttpResponseMessage Bytes(HttpStatusCode status, byte[] content, string mediaType)
    {
        HttpResponseMessage response = new(status) { Content = new ByteArrayContent(content) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return response;
    }

    [GeneratedRegex("^/v2/(?<name>.+)/manifests/(?<ref>[^/]+)$")]
    private static partial Regex ManifestPath();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/uploads/$")]
    private static partial Regex UploadStartPath();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/uploads/(?<id>[^/]+)$")]
    private static partial Regex UploadPath();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/(?<digest>sha256:[a-f0-9]{64})$")]
    private static partial Regex BlobPath();

    [GeneratedRegex("^/v2/(?<name>.+)/referrers/(?<digest>[^/]+)$")]
    private static partial Regex ReferrersPath();

    [GeneratedRegex("^/v2/(?<name>.+)/(?:manifests|blobs|referrers)/")]
    private static partial Regex RepositoryOf();

    [GeneratedRegex("^([0-9]+)-([0-9]+)$")]
    private static partial Regex RangeValue();
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? ContentRange, int BodyLength, string[] Accept);
