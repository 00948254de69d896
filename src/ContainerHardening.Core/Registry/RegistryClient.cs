using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Registry;

/// <summary>
/// A client for the OCI distribution API: pull manifests (with platform resolution) and blobs (streamed and verified),
/// push blobs (exists check, cross-repository mount, monolithic or chunked upload) and manifests, and referrers
/// (API, or the <c>sha256-&lt;hex&gt;</c> tag fallback). Every failure is a <see cref="RegistryException"/> carrying
/// one of CH4010-CH4014. Operations on a repository take an <see cref="ImageReference"/> and ignore its tag and digest.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly HttpClient http;
    private readonly RegistryTransport transport;
    private readonly RegistryClientOptions options;

    /// <summary>A client on its own handler; it follows redirects itself, so the handler must not.</summary>
    public RegistryClient(RegistryClientOptions? options = null)
        : this(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }, options, disposeHandler: true)
    {
    }

    /// <param name="handler">The HTTP stack; tests pass an in-process fake registry. Auto-redirect must be off.</param>
    public RegistryClient(HttpMessageHandler handler, RegistryClientOptions? options = null, bool disposeHandler = false)
    {
        this.options = options ?? new RegistryClientOptions();
        http = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
        transport = new RegistryTransport(http, this.options);
    }

    /// <summary>Checks that the registry answers the <c>/v2/</c> version check (authenticating if it asks to).</summary>
    public async Task PingAsync(ImageReference registry, CancellationToken cancellationToken = default)
    {
        RegistryRequest request = new(HttpMethod.Get, transport.BaseUri(registry), registry) { Unscoped = true };
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, request, () => Strings.Format("CH4013_Repository", "/v2/"));
    }

    /// <summary>
    /// The manifest or index at the reference's digest (checked against the bytes) or tag (checked against
    /// <c>Docker-Content-Digest</c> when the registry sends one).
    /// </summary>
    public async Task<RegistryManifest> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        RegistryRequest request = new(HttpMethod.Get, ManifestUri(reference, reference.ManifestReference), reference) { Accept = RegistryMediaTypes.Manifests };
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, request, () => Strings.Format("CH4013_Manifest", reference));
        byte[] content = await ReadManifestBytesAsync(response, request, cancellationToken).ConfigureAwait(false);
        string actual = ContentDigest.Sha256(content);
        string? expected = reference.Digest ?? ContentDigestHeader(response.Headers);
        if (expected is not null && expected.StartsWith(ContentDigest.Sha256Prefix, StringComparison.Ordinal) && expected != actual)
        {
            throw RegistryException.ServerError(reference.Registry, request.Operation, response.StatusCode, Strings.Format("CH4014_DigestMismatch", actual, expected));
        }

        try
        {
            string mediaType = response.Content.Headers.ContentType?.MediaType is { Length: > 0 } header && header != "application/json"
                ? header
                : MediaTypeFromJson(content);
            return new RegistryManifest(mediaType, content);
        }
        catch (JsonException)
        {
            throw RegistryException.ServerError(reference.Registry, request.Operation, response.StatusCode, Strings.Get("CH4014_NotJson"));
        }
    }

    /// <summary>
    /// The image manifest for <paramref name="platform"/>: the manifest itself when the reference names one, or the
    /// matching entry of an index (the variant defaults to v8 for arm64 and v7 for arm). No match is CH4013.
    /// </summary>
    public async Task<RegistryManifest> GetManifestAsync(ImageReference reference, RegistryPlatform platform, CancellationToken cancellationToken = default)
    {
        RegistryManifest manifest = await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        if (!manifest.IsIndex)
        {
            return manifest;
        }

        RegistryDescriptor? match = SelectPlatform(manifest.Manifests, platform);
        if (match is null)
        {
            string offered = string.Join(", ", manifest.Manifests.Select(m => m.Platform?.ToString()).OfType<string>().Distinct(StringComparer.Ordinal));
            throw RegistryException.NotFound(reference.Registry, Strings.Format("CH4013_Platform", platform, reference, offered));
        }

        return await GetManifestAsync(reference.WithDigest(match.Digest), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The best entry of an index for <paramref name="platform"/>, or null.</summary>
    public static RegistryDescriptor? SelectPlatform(IEnumerable<RegistryDescriptor> entries, RegistryPlatform platform)
    {
        RegistryDescriptor[] candidates = entries
            .Where(e => e.Platform is { } p
                && string.Equals(p.Os, platform.Os, StringComparison.OrdinalIgnoreCase)
                && string.Equals(p.Architecture, platform.Architecture, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        string? wanted = platform.NormalizedVariant;
        RegistryDescriptor? exact = candidates.FirstOrDefault(e => string.Equals(e.Platform!.NormalizedVariant, wanted, StringComparison.OrdinalIgnoreCase));
        // Without a requested variant (amd64, for example) any variant of the architecture will do.
        return exact ?? (platform.Variant is null ? candidates.FirstOrDefault() : null);
    }

    /// <summary>
    /// The blob's content, streamed from the registry (redirects followed, nothing buffered). Reading to the end checks
    /// its size and digest (CH4014 on a mismatch). Dispose the stream to end the response.
    /// </summary>
    public async Task<Stream> GetBlobAsync(ImageReference repository, RegistryDescriptor blob, CancellationToken cancellationToken = default)
    {
        RegistryRequest request = new(HttpMethod.Get, BlobUri(repository, CheckDigest(blob.Digest)), repository);
        HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureSuccess(response, request, () => Strings.Format("CH4013_Blob", blob.Digest, repository.Registry + "/" + repository.Repository));
            Stream content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new DigestVerifyingStream(response, content, blob, repository.Registry, request.Operation);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> BlobExistsAsync(ImageReference repository, string digest, CancellationToken cancellationToken = default) =>
        await HeadAsync(
            new RegistryRequest(HttpMethod.Head, BlobUri(repository, CheckDigest(digest)), repository),
            () => Strings.Format("CH4013_Blob", digest, repository.Registry + "/" + repository.Repository),
            cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Whether the repository holds the manifest with this digest. A registry accepts a manifest only once everything
    /// it references is there, so a yes also means its blobs (and, for an index, its manifests) exist.
    /// </summary>
    public async Task<bool> ManifestExistsAsync(ImageReference repository, string digest, CancellationToken cancellationToken = default) =>
        await HeadAsync(
            new RegistryRequest(HttpMethod.Head, ManifestUri(repository, CheckDigest(digest)), repository) { Accept = RegistryMediaTypes.Manifests },
            () => Strings.Format("CH4013_Manifest", repository.WithDigest(digest)),
            cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// The digest of the manifest a tag points at (<c>Docker-Content-Digest</c>), or null when the repository has no
    /// such tag or the registry does not say.
    /// </summary>
    public async Task<string?> TagDigestAsync(ImageReference repository, string tag, CancellationToken cancellationToken = default)
    {
        HttpResponseHeaders? headers = await HeadAsync(
            new RegistryRequest(HttpMethod.Head, ManifestUri(repository, tag), repository) { Accept = RegistryMediaTypes.Manifests },
            () => Strings.Format("CH4013_Manifest", repository.WithTag(tag)),
            cancellationToken).ConfigureAwait(false);
        return headers is null ? null : ContentDigestHeader(headers);
    }

    private static string? ContentDigestHeader(HttpResponseHeaders headers) =>
        headers.TryGetValues("Docker-Content-Digest", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    /// <summary>A HEAD request's answer: 404 is null, 2xx the response headers, anything else an error about <paramref name="what"/>.</summary>
    private async Task<HttpResponseHeaders?> HeadAsync(RegistryRequest head, Func<string> what, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await transport.SendAsync(head, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(response, head, what);
        return response.Headers;
    }

    /// <summary>
    /// Makes <paramref name="blob"/> exist in the repository: nothing when it is there, a cross-repository mount from
    /// <paramref name="mountFrom"/> (a repository on the same registry) when the registry allows it, else an upload of
    /// <paramref name="content"/> (read once, forward only) in one PUT up to
    /// <see cref="RegistryClientOptions.MonolithicUploadLimit"/> and in PATCH chunks above it.
    /// </summary>
    /// <exception cref="InvalidDataException">The content's size or digest is not the descriptor's; nothing was committed.</exception>
    public async Task<BlobPushOutcome> PushBlobAsync(ImageReference repository, RegistryDescriptor blob, Stream content, string? mountFrom = null, CancellationToken cancellationToken = default)
    {
        if (await BlobExistsAsync(repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobPushOutcome.AlreadyExists;
        }

        Uri uploads = new(transport.BaseUri(repository), repository.Repository + "/blobs/uploads/");
        Uri? location = null;
        if (mountFrom is not null && mountFrom != repository.Repository)
        {
            Uri mount = new(uploads + "?mount=" + Uri.EscapeDataString(blob.Digest) + "&from=" + Uri.EscapeDataString(mountFrom));
            RegistryRequest mountRequest = new(HttpMethod.Post, mount, repository) { Push = true, AlsoPullFrom = mountFrom, Body = ReadOnlyMemory<byte>.Empty };
            using HttpResponseMessage mounted = await transport.SendAsync(mountRequest, cancellationToken).ConfigureAwait(false);
            if (mounted.StatusCode == HttpStatusCode.Created)
            {
                return BlobPushOutcome.Mounted;
            }

            // 202: the registry could not mount and opened an ordinary upload session instead.
            location = UploadLocation(mounted, mountRequest);
        }

        if (location is null)
        {
            RegistryRequest start = new(HttpMethod.Post, uploads, repository) { Push = true, Body = ReadOnlyMemory<byte>.Empty };
            using HttpResponseMessage started = await transport.SendAsync(start, cancellationToken).ConfigureAwait(false);
            location = UploadLocation(started, start);
        }

        try
        {
            return await UploadAsync(repository, blob, content, location, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            await CancelUploadAsync(repository, location).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<BlobPushOutcome> UploadAsync(ImageReference repository, RegistryDescriptor blob, Stream content, Uri location, CancellationToken cancellationToken)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (blob.Size <= options.MonolithicUploadLimit)
        {
            byte[] all = new byte[blob.Size];
            int read = await content.ReadAtLeastAsync(all, all.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            hash.AppendData(all, 0, read);
            long extra = await DrainAsync(content, hash, cancellationToken).ConfigureAwait(false);
            CheckContent(blob, read + extra, hash);
            await CommitAsync(repository, location, blob, all, cancellationToken).ConfigureAwait(false);
            return BlobPushOutcome.UploadedMonolithic;
        }

        byte[] buffer = new byte[options.ChunkSize];
        long offset = 0;
        while (true)
        {
            int read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            if (offset + read > blob.Size)
            {
                CheckContent(blob, offset + read, hash);
            }

            RegistryRequest patch = new(HttpMethod.Patch, location, repository)
            {
                Push = true,
                Body = buffer.AsMemory(0, read),
                ContentRange = $"{offset}-{offset + read - 1}",
            };
            using HttpResponseMessage patched = await transport.SendAsync(patch, cancellationToken).ConfigureAwait(false);
            location = UploadLocation(patched, patch);
            offset += read;
        }

        CheckContent(blob, offset, hash);
        await CommitAsync(repository, location, blob, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        return BlobPushOutcome.UploadedChunked;
    }

    /// <summary>
    /// PUTs the manifest under each tag (or by digest when there is none) with its media type as Content-Type. When the
    /// manifest has a subject and the registry does not answer <c>OCI-Subject</c>, the client also adds it to the
    /// subject's fallback referrers index (tag <c>sha256-&lt;hex&gt;</c>).
    /// </summary>
    public async Task<ManifestPushResult> PushManifestAsync(ImageReference repository, ReadOnlyMemory<byte> manifest, string mediaType, IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        RegistryManifest parsed = new(mediaType, manifest);
        string[] references = tags.ToArray();
        if (references.Length == 0)
        {
            references = [parsed.Digest];
        }

        bool registryIndexesSubject = false;
        foreach (string reference in references)
        {
            registryIndexesSubject |= await PutManifestAsync(repository, reference, manifest, mediaType, cancellationToken).ConfigureAwait(false);
        }

        bool fallbackUpdated = false;
        if (parsed.Subject is { } subject && !registryIndexesSubject)
        {
            await AddToFallbackIndexAsync(repository, subject.Digest, [parsed], cancellationToken).ConfigureAwait(false);
            fallbackUpdated = true;
        }

        return new ManifestPushResult(parsed.Descriptor, fallbackUpdated);
    }

    /// <summary>
    /// PUTs artifact manifests that share one subject (the SBOMs of an image) by digest, all at once, then adds those
    /// the registry did not index itself to the subject's fallback referrers index in one update.
    /// </summary>
    public async Task PushReferrersAsync(ImageReference repository, string subjectDigest, IReadOnlyList<RegistryManifest> artifacts, CancellationToken cancellationToken = default)
    {
        if (artifacts.Any(a => a.Subject?.Digest != subjectDigest))
        {
            throw new ArgumentException($"Every artifact must have the subject {subjectDigest}.", nameof(artifacts));
        }

        bool[] indexed = await Task.WhenAll(artifacts.Select(a => PutManifestAsync(repository, a.Digest, a.Content, a.MediaType, cancellationToken))).ConfigureAwait(false);
        RegistryManifest[] unindexed = artifacts.Where((_, i) => !indexed[i]).ToArray();
        if (unindexed.Length > 0)
        {
            await AddToFallbackIndexAsync(repository, subjectDigest, unindexed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddToFallbackIndexAsync(ImageReference repository, string subjectDigest, IEnumerable<RegistryManifest> artifacts, CancellationToken cancellationToken)
    {
        string tag = ContentDigest.ReferrersTag(subjectDigest);
        RegistryManifest? existing = await TryGetManifestAsync(repository.WithTag(tag), cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<byte>? index = existing?.Content;
        foreach (RegistryManifest artifact in artifacts)
        {
            RegistryDescriptor entry = artifact.Descriptor with
            {
                ArtifactType = artifact.ArtifactType ?? artifact.Config?.MediaType,
                Annotations = ReadAnnotations(artifact.Content),
            };
            index = RegistryManifestWriter.AddToIndex(index, entry);
        }

        await PutManifestAsync(repository, tag, index!.Value, RegistryMediaTypes.OciIndex, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The manifests whose subject is <paramref name="subjectDigest"/>, from the referrers API, or from the
    /// <c>sha256-&lt;hex&gt;</c> fallback tag when the registry answers 404 there. Filtered by artifact type when given.
    /// </summary>
    public async Task<IReadOnlyList<RegistryDescriptor>> GetReferrersAsync(ImageReference repository, string subjectDigest, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        string query = artifactType is null ? "" : "?artifactType=" + Uri.EscapeDataString(artifactType);
        Uri uri = new(transport.BaseUri(repository), repository.Repository + "/referrers/" + CheckDigest(subjectDigest) + query);
        RegistryRequest request = new(HttpMethod.Get, uri, repository) { Accept = [RegistryMediaTypes.OciIndex] };
        IReadOnlyList<RegistryDescriptor> referrers;
        using (HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                RegistryManifest? fallback = await TryGetManifestAsync(repository.WithTag(ContentDigest.ReferrersTag(subjectDigest)), cancellationToken).ConfigureAwait(false);
                referrers = fallback?.Manifests ?? [];
            }
            else
            {
                EnsureSuccess(response, request, () => Strings.Format("CH4013_Manifest", repository.WithDigest(subjectDigest)));
                byte[] body = await ReadManifestBytesAsync(response, request, cancellationToken).ConfigureAwait(false);
                try
                {
                    referrers = new RegistryManifest(RegistryMediaTypes.OciIndex, body).Manifests;
                }
                catch (JsonException)
                {
                    throw RegistryException.ServerError(repository.Registry, request.Operation, response.StatusCode, Strings.Get("CH4014_NotJson"));
                }
            }
        }

        return artifactType is null ? referrers : referrers.Where(r => r.ArtifactType == artifactType).ToArray();
    }

    public void Dispose() => http.Dispose();

    /// <summary>The body, refusing one longer than <see cref="RegistryClientOptions.MaxManifestSize"/> before and while reading.</summary>
    private async Task<byte[]> ReadManifestBytesAsync(HttpResponseMessage response, RegistryRequest request, CancellationToken cancellationToken)
    {
        int limit = options.MaxManifestSize;
        RegistryException TooLarge() => RegistryException.ServerError(request.Repository.Registry, request.Operation, response.StatusCode, Strings.Format("CH4014_TooLarge", limit));
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge();
        }

        using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using MemoryStream copy = new();
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > limit)
            {
                throw TooLarge();
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static string CheckDigest(string digest) =>
        ContentDigest.IsValid(digest) ? digest : throw new ArgumentException($"'{digest}' is not a content digest (sha256:<64 hex digits>).", nameof(digest));

    private async Task<RegistryManifest?> TryGetManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Rule == RuleCatalog.RegistryNotFound)
        {
            return null;
        }
    }

    /// <returns>True when the registry answered <c>OCI-Subject</c>: it indexes the manifest's subject itself.</returns>
    private async Task<bool> PutManifestAsync(ImageReference repository, string reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken)
    {
        RegistryRequest put = new(HttpMethod.Put, ManifestUri(repository, reference), repository) { Push = true, Body = manifest, ContentType = mediaType };
        using HttpResponseMessage response = await transport.SendAsync(put, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, put, () => Strings.Format("CH4013_Repository", repository.Registry + "/" + repository.Repository));
        return response.Headers.Contains("OCI-Subject");
    }

    private async Task CommitAsync(ImageReference repository, Uri location, RegistryDescriptor blob, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        Uri commit = new(location + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(blob.Digest));
        RegistryRequest put = new(HttpMethod.Put, commit, repository) { Push = true, Body = body };
        using HttpResponseMessage response = await transport.SendAsync(put, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, put, () => Strings.Format("CH4013_Repository", repository.Registry + "/" + repository.Repository));
    }

    /// <summary>Best effort: tells the registry to drop an upload session the client will not finish.</summary>
    private async Task CancelUploadAsync(ImageReference repository, Uri location)
    {
        try
        {
            RegistryRequest delete = new(HttpMethod.Delete, location, repository) { Push = true };
            using HttpResponseMessage response = await transport.SendAsync(delete, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RegistryException)
        {
            // The session expires on its own; the caller's error is the one that matters.
        }
    }

    private static async Task<long> DrainAsync(Stream content, IncrementalHash hash, CancellationToken cancellationToken)
    {
        byte[] probe = new byte[4096];
        long extra = 0;
        int read;
        while ((read = await content.ReadAsync(probe, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(probe, 0, read);
            extra += read;
        }

        return extra;
    }

    private static void CheckContent(RegistryDescriptor blob, long size, IncrementalHash hash)
    {
        if (size != blob.Size)
        {
            throw new InvalidDataException($"The content of blob {blob.Digest} is not its descriptor's {blob.Size} bytes long.");
        }

        string actual = ContentDigest.FromHash(hash.GetCurrentHash());
        if (blob.Digest.StartsWith(ContentDigest.Sha256Prefix, StringComparison.Ordinal) && actual != blob.Digest)
        {
            throw new InvalidDataException($"The content of blob {blob.Digest} hashes to {actual}.");
        }
    }

    private static Uri UploadLocation(HttpResponseMessage response, RegistryRequest request)
    {
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is not { } location)
        {
            EnsureSuccess(response, request, () => Strings.Format("CH4013_Repository", request.Repository.Registry + "/" + request.Repository.Repository));
            throw RegistryException.ServerError(request.Repository.Registry, request.Operation, response.StatusCode, Strings.Format("CH4014_NoLocation", (int)response.StatusCode));
        }

        return location.IsAbsoluteUri ? location : new Uri(request.Uri, location);
    }

    /// <summary>404 is CH4013; any other status outside 2xx is CH4014 (401/403 and 5xx never get here).</summary>
    private static void EnsureSuccess(HttpResponseMessage response, RegistryRequest request, Func<string> what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw response.StatusCode == HttpStatusCode.NotFound
            ? RegistryException.NotFound(request.Repository.Registry, what())
            : RegistryException.ServerError(request.Repository.Registry, request.Operation, response.StatusCode, Strings.Format("CH4014_Unexpected", (int)response.StatusCode));
    }

    private Uri ManifestUri(ImageReference repository, string reference) =>
        new(transport.BaseUri(repository), repository.Repository + "/manifests/" + reference);

    private Uri BlobUri(ImageReference repository, string digest) =>
        new(transport.BaseUri(repository), repository.Repository + "/blobs/" + digest);

    private static string MediaTypeFromJson(byte[] content)
    {
        using JsonDocument json = JsonDocument.Parse(content);
        return json.RootElement.TryGetProperty("mediaType", out JsonElement type) && type.GetString() is { } mediaType
            ? mediaType
            : RegistryMediaTypes.OciManifest;
    }

    private static Dictionary<string, string>? ReadAnnotations(ReadOnlyMemory<byte> manifest)
    {
        using JsonDocument json = JsonDocument.Parse(manifest);
        return json.RootElement.TryGetProperty("annotations", out JsonElement annotations) && annotations.ValueKind == JsonValueKind.Object
            ? annotations.EnumerateObject().Where(a => a.Value.ValueKind == JsonValueKind.String).ToDictionary(a => a.Name, a => a.Value.GetString()!, StringComparer.Ordinal)
            : null;
    }
}
