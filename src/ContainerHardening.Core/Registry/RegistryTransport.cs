using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Registry;

/// <summary>
/// Sends <see cref="RegistryRequest"/>s: transport policy (HTTPS unless allow-listed), redirects (the Authorization
/// header never leaves the registry's origin), the Basic and Bearer token flows with a per-scope cache, and retries
/// with exponential backoff and jitter for 5xx, 429, timeouts and connection failures.
/// </summary>
internal sealed class RegistryTransport(HttpClient http, RegistryClientOptions options)
{
    private readonly ConcurrentDictionary<string, CachedAuthorization> authorizations = new(StringComparer.Ordinal);

    /// <summary>The <c>/v2/</c> root of the registry of <paramref name="reference"/>.</summary>
    public Uri BaseUri(ImageReference reference)
    {
        string scheme = reference.Scheme ?? (IsPlainHttpAllowed(reference.RegistryHost) ? "http" : "https");
        return new Uri($"{scheme}://{reference.RegistryHost}/v2/");
    }

    public bool IsPlainHttpAllowed(string authority) =>
        options.InsecureRegistries.Contains(authority) || options.InsecureRegistries.Contains(ImageReference.HostOf(authority));

    public async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException)
            {
                if (attempt >= options.MaxRetries)
                {
                    throw RegistryException.Unreachable(request.Repository.Registry, attempt + 1, e.Message, e);
                }

                await options.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                continue;
            }

            HttpStatusCode status = response.StatusCode;
            if ((int)status >= 500 || status == HttpStatusCode.TooManyRequests)
            {
                TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
                if (attempt >= options.MaxRetries)
                {
                    throw RegistryException.ServerError(request.Repository.Registry, request.Operation, status, Strings.Format("CH4014_Status", (int)status, attempt + 1));
                }

                await options.Delay(Backoff(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    /// <summary>Base delay doubled per attempt, plus up to a quarter more as jitter; a longer Retry-After wins; capped.</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        double exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
#pragma warning disable CA5394 // Jitter spreads retries out; it needs no cryptographic randomness.
        double jittered = exponential + (Random.Shared.NextDouble() * exponential / 4);
#pragma warning restore CA5394
        double wanted = Math.Max(jittered, retryAfter?.TotalMilliseconds ?? 0);
        return TimeSpan.FromMilliseconds(Math.Min(wanted, options.MaxRetryDelay.TotalMilliseconds));
    }

    private async Task<HttpResponseMessage> SendOnceAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        string registryKey = request.Repository.RegistryHost;
        string scopeKey = registryKey + " " + string.Join(" ", request.Scopes);
        CachedAuthorization? authorization = Cached(scopeKey) ?? Cached(registryKey + " *");
        bool challenged = false;
        Uri uri = request.Uri;
        HttpMethod method = request.Method;
        bool withBody = true;
        for (int redirects = 0; ;)
        {
            EnsureTransportAllowed(uri, request.Repository.Registry);
            bool sameOrigin = string.Equals(uri.Authority, request.Uri.Authority, StringComparison.OrdinalIgnoreCase)
                && string.Equals(uri.Scheme, request.Uri.Scheme, StringComparison.OrdinalIgnoreCase);
            using HttpRequestMessage message = Build(request, method, uri, withBody);
            if (sameOrigin && authorization is not null)
            {
                message.Headers.Authorization = authorization.Header;
            }

            HttpResponseMessage response = await SendWithTimeoutAsync(message, cancellationToken).ConfigureAwait(false);
            HttpStatusCode status = response.StatusCode;
            if (sameOrigin && status == HttpStatusCode.Unauthorized && !challenged)
            {
                challenged = true;
                IReadOnlyList<AuthChallenge> challenges = AuthChallenge.From(response.Headers);
                response.Dispose();
                authorization = await AuthenticateAsync(request, challenges, scopeKey, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (sameOrigin && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                response.Dispose();
                string reason = authorization?.Credential is { } used
                    ? Strings.Format("CH4012_Rejected", used.Source)
                    : Strings.Get("CH4012_NoCredentials");
                throw RegistryException.AuthenticationFailed(request.Repository.Registry, request.Repository.Repository, status, reason, request.Push);
            }

            if (IsRedirect(status) && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (++redirects > options.MaxRedirects)
                {
                    throw RegistryException.ServerError(request.Repository.Registry, request.Operation, status, Strings.Format("CH4014_Redirects", options.MaxRedirects));
                }

                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (status == HttpStatusCode.SeeOther || (status is HttpStatusCode.Moved or HttpStatusCode.Found && method == HttpMethod.Post))
                {
                    method = HttpMethod.Get;
                    withBody = false;
                }

                continue;
            }

            return response;
        }
    }

    private async Task<CachedAuthorization> AuthenticateAsync(RegistryRequest request, IReadOnlyList<AuthChallenge> challenges, string scopeKey, CancellationToken cancellationToken)
    {
        string registry = request.Repository.Registry;
        RegistryCredential? credential = options.Credentials?.GetCredential(registry);
        AuthChallenge? bearer = challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null);
        if (bearer is not null && Uri.TryCreate(bearer.Realm, UriKind.Absolute, out Uri? realm))
        {
            EnsureTransportAllowed(realm, registry);
            List<string> query = [];
            if (bearer.Service is { } service)
            {
                query.Add("service=" + Uri.EscapeDataString(service));
            }

            IEnumerable<string> scopes = request.Scopes.Concat((bearer.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal);
            query.AddRange(scopes.Select(scope => "scope=" + Uri.EscapeDataString(scope)));
            using HttpRequestMessage message = TokenRequest(realm, query, credential);

            using HttpResponseMessage response = await SendWithTimeoutAsync(message, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string reason = credential is not null && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? Strings.Format("CH4012_Rejected", credential.Source)
                    : Strings.Get("CH4012_TokenRejected");
                throw RegistryException.AuthenticationFailed(registry, request.Repository.Repository, response.StatusCode, reason, request.Push);
            }

            (string? token, int expiresIn) = ReadToken(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            if (token is null)
            {
                throw RegistryException.ServerError(registry, "GET " + realm.AbsolutePath, response.StatusCode, Strings.Get("CH4014_BadToken"));
            }

            // Renew a little early so a token does not expire between the cache look-up and the request.
            CachedAuthorization bearerAuthorization = new(new AuthenticationHeaderValue("Bearer", token), DateTimeOffset.UtcNow.AddSeconds(Math.Max(expiresIn - 10, 5)), credential);
            authorizations[scopeKey] = bearerAuthorization;
            return bearerAuthorization;
        }

        if (credential is { IsIdentityToken: false } && challenges.Any(c => c.IsBasic))
        {
            CachedAuthorization basic = new(BasicHeader(credential), DateTimeOffset.MaxValue, credential);
            authorizations[request.Repository.RegistryHost + " *"] = basic;
            return basic;
        }

        throw RegistryException.AuthenticationFailed(registry, request.Repository.Repository, HttpStatusCode.Unauthorized, Strings.Get("CH4012_NoCredentials"), request.Push);
    }

    /// <summary>
    /// GET with Basic credentials (or none) for a user name and password; the OAuth2 refresh-token grant as a form POST
    /// for an identity token, which never goes into a URL.
    /// </summary>
    private HttpRequestMessage TokenRequest(Uri realm, List<string> query, RegistryCredential? credential)
    {
        HttpRequestMessage message;
        if (credential is { IsIdentityToken: true })
        {
            List<KeyValuePair<string, string>> form = [new("grant_type", "refresh_token"), new("refresh_token", credential.Secret), new("client_id", options.UserAgent)];
            foreach (string pair in query)
            {
                string[] parts = pair.Split('=', 2);
                form.Add(new(parts[0], Uri.UnescapeDataString(parts[1])));
            }

            message = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            message = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = string.Join("&", query) }.Uri);
            if (credential is not null)
            {
                message.Headers.Authorization = BasicHeader(credential);
            }
        }

        message.Headers.UserAgent.ParseAdd(options.UserAgent);
        return message;
    }

    private static (string? Token, int ExpiresIn) ReadToken(byte[] body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement root = json.RootElement;
            string? token = root.TryGetProperty("token", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : root.TryGetProperty("access_token", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString()
                : null;
            int expiresIn = root.TryGetProperty("expires_in", out JsonElement e) && e.TryGetInt32(out int seconds) ? seconds : 60;
            return (string.IsNullOrEmpty(token) ? null : token, expiresIn);
        }
        catch (JsonException)
        {
            return (null, 0);
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Secret)));

    private CachedAuthorization? Cached(string key) =>
        authorizations.TryGetValue(key, out CachedAuthorization? cached) && cached.Expires > DateTimeOffset.UtcNow ? cached : null;

    private void EnsureTransportAllowed(Uri uri, string registry)
    {
        if (string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        string host = uri.Host.Trim('[', ']');
        if (!string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
            || !(options.InsecureRegistries.Contains(host) || options.InsecureRegistries.Contains(uri.Authority) || options.InsecureRegistries.Contains(host + ":" + uri.Port)))
        {
            throw RegistryException.Insecure(registry, uri);
        }
    }

    private HttpRequestMessage Build(RegistryRequest request, HttpMethod method, Uri uri, bool withBody)
    {
        HttpRequestMessage message = new(method, uri);
        message.Headers.UserAgent.ParseAdd(options.UserAgent);
        foreach (string accept in request.Accept)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        if (withBody && request.Body is { } body)
        {
            ReadOnlyMemoryContent content = new(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? RegistryMediaTypes.OctetStream);
            content.Headers.ContentLength = body.Length;
            if (request.ContentRange is { } range)
            {
                // The distribution spec's Content-Range is "<start>-<end>" without the "bytes " unit of RFC 9110.
                content.Headers.TryAddWithoutValidation("Content-Range", range);
            }

            message.Content = content;
        }

        return message;
    }

    private async Task<HttpResponseMessage> SendWithTimeoutAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(Strings.Format("CH4011_Timeout", options.RequestTimeout.TotalSeconds), e);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>A class, not a record: a generated ToString would print the header with its token.</summary>
    private sealed class CachedAuthorization(AuthenticationHeaderValue header, DateTimeOffset expires, RegistryCredential? credential)
    {
        public AuthenticationHeaderValue Header { get; } = header;

        public DateTimeOffset Expires { get; } = expires;

        public RegistryCredential? Credential { get; } = credential;

        public override string ToString() => Header.Scheme + " (redacted)";
    }
}
