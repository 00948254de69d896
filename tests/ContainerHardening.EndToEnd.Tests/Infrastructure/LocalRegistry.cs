using System.Net.Http.Headers;
using System.Text.Json;

namespace ContainerHardening.Tests.Infrastructure;

/// <summary>
/// The registry that build/test-env.sh serves on localhost:5000, with the imitation .NET base images pushed to it.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string Host = "localhost:5000";

    private static readonly string[] ManifestMediaTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    private readonly HttpClient _http = new() { BaseAddress = new Uri("http://127.0.0.1:5000/"), Timeout = TimeSpan.FromSeconds(30) };

    public LocalRegistry()
    {
        foreach (string accept in ManifestMediaTypes)
        {
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        try
        {
            if (!HasTag("dotnet/aspnet", "10.0-noble-chiseled"))
            {
                throw new InvalidOperationException("The local registry has no dotnet/aspnet:10.0-noble-chiseled. Run: bash build/test-env.sh up");
            }
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException("The local registry on 127.0.0.1:5000 does not answer. Run: bash build/test-env.sh up", e);
        }
    }

    /// <summary>The digest the registry serves for repository:tag (Docker-Content-Digest).</summary>
    public string GetManifestDigest(string repository, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{tag}");
        using HttpResponseMessage response = _http.Send(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    public bool HasTag(string repository, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{tag}");
        using HttpResponseMessage response = _http.Send(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The image config of repository:tag, following an index to its single manifest.</summary>
    public JsonElement GetConfig(string repository, string tag) =>
        GetJson($"v2/{repository}/blobs/{GetManifest(repository, tag).GetProperty("config").GetProperty("digest").GetString()}");

    /// <summary>The image manifest of repository:tag, following an index to its single manifest.</summary>
    public JsonElement GetManifest(string repository, string tag)
    {
        JsonElement manifest = GetJson($"v2/{repository}/manifests/{tag}");
        return manifest.TryGetProperty("manifests", out JsonElement manifests)
            ? GetJson($"v2/{repository}/manifests/{manifests[0].GetProperty("digest").GetString()}")
            : manifest;
    }

    /// <summary>
    /// The digest of the linux/amd64 image at repository:reference: the first entry of an index (the test bases list
    /// amd64 first), or the manifest's own digest. The SDK labels an image with this digest of its base.
    /// </summary>
    public string GetAmd64ManifestDigest(string repository, string reference)
    {
        JsonElement manifest = GetRawJson(repository, reference);
        return manifest.TryGetProperty("manifests", out JsonElement manifests)
            ? manifests[0].GetProperty("digest").GetString()!
            : GetManifestDigest(repository, reference);
    }

    /// <summary>The manifest or index at repository:reference as the registry serves it.</summary>
    public JsonElement GetRawJson(string repository, string reference) => GetJson($"v2/{repository}/manifests/{reference}");

    /// <summary>The entries of the top layer (the app's) of repository:tag (or digest).</summary>
    public IReadOnlyList<System.Formats.Tar.TarEntry> GetAppLayerEntries(string repository, string tag)
    {
        JsonElement layers = GetManifest(repository, tag).GetProperty("layers");
        string digest = layers[layers.GetArrayLength() - 1].GetProperty("digest").GetString()!;
        using HttpResponseMessage response = _http.Send(new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/blobs/{digest}"));
        response.EnsureSuccessStatusCode();
        using var gzip = new System.IO.Compression.GZipStream(response.Content.ReadAsStream(), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new System.Formats.Tar.TarReader(gzip);
        var entries = new List<System.Formats.Tar.TarEntry>();
        while (reader.GetNextEntry(copyData: false) is System.Formats.Tar.TarEntry entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// Tags the image at source repository:tag as target repository:tag, byte for byte (so with the same digest): blobs
    /// are mounted across repositories, manifests put unchanged. Re-tagging moves the target tag to another image.
    /// </summary>
    public void CopyImage(string sourceRepository, string sourceTag, string targetRepository, string targetTag)
    {
        (string mediaType, byte[] content) = GetRawManifest(sourceRepository, sourceTag);
        using JsonDocument manifest = JsonDocument.Parse(content);
        if (manifest.RootElement.TryGetProperty("manifests", out JsonElement children))
        {
            foreach (JsonElement child in children.EnumerateArray())
            {
                string digest = child.GetProperty("digest").GetString()!;
                CopyImage(sourceRepository, digest, targetRepository, digest);
            }
        }
        else
        {
            IEnumerable<JsonElement> blobs = manifest.RootElement.GetProperty("layers").EnumerateArray().Prepend(manifest.RootElement.GetProperty("config"));
            foreach (JsonElement blob in blobs)
            {
                string digest = blob.GetProperty("digest").GetString()!;
                using HttpResponseMessage mounted = _http.Send(new HttpRequestMessage(HttpMethod.Post, $"v2/{targetRepository}/blobs/uploads/?mount={digest}&from={sourceRepository}"));
                if (mounted.StatusCode != System.Net.HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"The registry did not mount {digest} from {sourceRepository} into {targetRepository}: {(int)mounted.StatusCode}");
                }
            }
        }

        using var put = new HttpRequestMessage(HttpMethod.Put, $"v2/{targetRepository}/manifests/{targetTag}") { Content = new ByteArrayContent(content) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using HttpResponseMessage response = _http.Send(put);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();

    private (string MediaType, byte[] Content) GetRawManifest(string repository, string reference)
    {
        using HttpResponseMessage response = _http.Send(new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}"));
        response.EnsureSuccessStatusCode();
        using var content = new MemoryStream();
        response.Content.ReadAsStream().CopyTo(content);
        return (response.Content.Headers.ContentType!.MediaType!, content.ToArray());
    }

    private JsonElement GetJson(string path)
    {
        using HttpResponseMessage response = _http.Send(new HttpRequestMessage(HttpMethod.Get, path));
        response.EnsureSuccessStatusCode();
        using Stream body = response.Content.ReadAsStream();
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
