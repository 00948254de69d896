using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerHardening.Image;
using ZstdSharp;

namespace ContainerHardening.Tests.Image;

internal enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>
/// Builds small images in the three forms the reader accepts: an OCI layout tar (what the SDK writes for an OCI base),
/// an OCI layout directory, and a docker-load tar (what it writes for a Docker base). Damage is applied on request.
/// </summary>
internal sealed class TestImageBuilder
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly List<(byte[] Tar, LayerCompression Compression)> _layers = [];
    private readonly Dictionary<int, (Func<byte[], byte[]> Damage, bool DigestAfter)> _blobDamage = [];
    private readonly HashSet<int> _wrongDiffIds = [];
    private readonly HashSet<int> _missingBlobs = [];
    private bool _nestedMultiPlatformIndex;
    private Func<ImageConfig, ImageConfig> _configure = config => config;

    public string User { get; set; } = "1654";

    public DateTimeOffset Created { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<HistoryEntry>? History { get; set; }

    public IReadOnlyDictionary<string, string>? Labels { get; set; }

    /// <summary>Top-level config fields beyond the model, as newer writers add them.</summary>
    public IReadOnlyDictionary<string, string>? ExtraConfigFields { get; set; }

    /// <summary>The annotations of the image's entry in index.json, such as the tag the SDK writes there.</summary>
    public IReadOnlyDictionary<string, string>? IndexAnnotations { get; set; }

    /// <summary>Overrides the media type every layer is announced with.</summary>
    public string? LayerMediaType { get; set; }

    public TestImageBuilder Layer(Action<LayerBuilder> build, LayerCompression compression = LayerCompression.Gzip)
    {
        using var layer = new LayerBuilder();
        build(layer);
        _layers.Add((layer.ToTar(), compression));
        return this;
    }

    /// <summary>Edits the image config (user, environment, entrypoint, labels, architecture, history) before it is written.</summary>
    public TestImageBuilder Configure(Func<ImageConfig, ImageConfig> configure)
    {
        Func<ImageConfig, ImageConfig> previous = _configure;
        _configure = config => configure(previous(config));
        return this;
    }

    /// <summary>Changes a byte of the layer's blob after its digest was taken, as tampering in transit would.</summary>
    public TestImageBuilder TamperWithBlob(int layer) => DamageBlob(layer, blob => { blob[^5] ^= 0xFF; return blob; }, digestAfter: false);

    /// <summary>Cuts the layer's blob short and names it by the digest of what is left, as an interrupted write would.</summary>
    public TestImageBuilder TruncateBlob(int layer, int keepBytes) => DamageBlob(layer, blob => blob[..keepBytes], digestAfter: true);

    public TestImageBuilder WrongDiffId(int layer)
    {
        _wrongDiffIds.Add(layer);
        return this;
    }

    public TestImageBuilder MissingBlob(int layer)
    {
        _missingBlobs.Add(layer);
        return this;
    }

    /// <summary>Puts the image under a nested index next to an arm64 image, as multi-platform pushes do.</summary>
    public TestImageBuilder InMultiPlatformIndex()
    {
        _nestedMultiPlatformIndex = true;
        return this;
    }

    public string WriteOciTar(string path)
    {
        using var writer = new TarWriter(File.Create(path), TarEntryFormat.Pax);
        WriteOciLayout((name, bytes) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) }));
        return path;
    }

    public string WriteOciDirectory(string path)
    {
        WriteOciLayout((name, bytes) =>
        {
            string file = Path.Combine(path, name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        });
        return path;
    }

    /// <summary>
    /// The layout a multi-RID publish writes: index.json names one image index, which lists each image's manifest with
    /// the platform from its config.
    /// </summary>
    public static string WriteMultiPlatformOciDirectory(string path, params TestImageBuilder[] images)
    {
        var blobs = new List<Blob>();
        var platforms = new List<Descriptor>();
        foreach (TestImageBuilder image in images)
        {
            Built built = image.Build();
            System.Text.Json.Nodes.JsonNode config = System.Text.Json.Nodes.JsonNode.Parse(built.Config.Bytes)!;
            platforms.Add(built.Manifest.Descriptor with
            {
                Platform = new Platform { Architecture = (string)config["architecture"]!, OS = (string)config["os"]!, Variant = (string?)config["variant"] },
            });
            blobs.AddRange([built.Manifest, built.Config, .. built.Layers]);
        }

        Blob index = Document(new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = platforms }, MediaTypes.OciIndex);
        blobs.Add(index);
        Directory.CreateDirectory(Path.Combine(path, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(path, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(Path.Combine(path, "index.json"), JsonSerializer.SerializeToUtf8Bytes(
            new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [index.Descriptor with { Platform = new Platform() }] }, Json));
        foreach (Blob blob in blobs)
        {
            File.WriteAllBytes(BlobFile(path, blob.Digest), blob.Bytes);
        }

        return path;
    }

    /// <summary>The layout of the SDK's docker-load archive: "&lt;config hex&gt;.json" and "&lt;layer digest hex&gt;/layer.tar".</summary>
    public string WriteDockerArchive(string path)
    {
        using var writer = new TarWriter(File.Create(path), TarEntryFormat.Pax);
        void Write(string name, byte[] bytes) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });

        Built image = Build();
        string configHex = Hex(image.Config.Digest);
        Write(configHex + ".json", image.Config.Bytes);
        var layerPaths = new List<string>();
        foreach (Blob layer in image.Layers)
        {
            string layerPath = Hex(layer.Digest) + "/layer.tar";
            layerPaths.Add(layerPath);
            if (!layer.Missing)
            {
                Write(layerPath, layer.Bytes);
            }
        }

        Write("manifest.json", JsonSerializer.SerializeToUtf8Bytes(new[] { new { Config = configHex + ".json", RepoTags = new[] { "app:latest" }, Layers = layerPaths } }));
        Write("repositories", JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, Dictionary<string, string>> { ["app"] = new() { ["latest"] = configHex } }));
        return path;
    }

    private static string Hex(string digest) => digest["sha256:".Length..];

    /// <summary>The file that holds the blob with this digest in an OCI layout folder.</summary>
    public static string BlobFile(string layoutDirectory, string digest) => Path.Combine(layoutDirectory, "blobs", "sha256", Hex(digest));

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static Blob Document<T>(T document, string mediaType)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        return new Blob(mediaType, Sha256(bytes), bytes, Missing: false);
    }

    private static byte[] Compress(byte[] tar, LayerCompression compression)
    {
        if (compression == LayerCompression.None)
        {
            return tar;
        }

        var output = new MemoryStream();
        using (Stream compressor = compression == LayerCompression.Gzip
            ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
            : new CompressionStream(output, leaveOpen: true))
        {
            compressor.Write(tar);
        }

        return output.ToArray();
    }

    private TestImageBuilder DamageBlob(int layer, Func<byte[], byte[]> damage, bool digestAfter)
    {
        _blobDamage[layer] = (damage, digestAfter);
        return this;
    }

    private Built Build()
    {
        var layers = new List<Blob>();
        var diffIds = new List<string>();
        for (int i = 0; i < _layers.Count; i++)
        {
            (byte[] tar, LayerCompression compression) = _layers[i];
            diffIds.Add(_wrongDiffIds.Contains(i) ? Sha256([.. tar, 0]) : Sha256(tar));
            byte[] blob = Compress(tar, compression);
            string mediaType = LayerMediaType ?? compression switch
            {
                LayerCompression.Gzip => MediaTypes.OciLayerGzip,
                LayerCompression.Zstd => MediaTypes.OciLayerZstd,
                _ => MediaTypes.OciLayer,
            };
            string digest = Sha256(blob);
            if (_blobDamage.TryGetValue(i, out var damage))
            {
                blob = damage.Damage(blob);
                digest = damage.DigestAfter ? Sha256(blob) : digest;
            }

            layers.Add(new Blob(mediaType, digest, blob, _missingBlobs.Contains(i)));
        }

        var config = new ImageConfig
        {
            Architecture = "amd64",
            OS = "linux",
            Created = Created,
            Config = new ContainerConfig { User = User, Entrypoint = ["/app/App"], WorkingDir = "/app", ExposedPorts = ["8080/tcp"], Labels = Labels },
            RootFs = new RootFilesystem { Type = "layers", DiffIds = diffIds },
            History = History,
        };
        config = _configure(config);
        Blob configBlob = ExtraConfigFields is null ? Document(config, MediaTypes.OciConfig) : Document(WithExtraFields(config), MediaTypes.OciConfig);
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciManifest,
            Config = configBlob.Descriptor,
            Layers = layers.Select(l => l.Descriptor).ToArray(),
        };
        return new Built(Document(manifest, MediaTypes.OciManifest), configBlob, layers);
    }

    private System.Text.Json.Nodes.JsonObject WithExtraFields(ImageConfig config)
    {
        var node = JsonSerializer.SerializeToNode(config, Json)!.AsObject();
        foreach ((string key, string value) in ExtraConfigFields!)
        {
            node[key] = value;
        }

        return node;
    }

    private void WriteOciLayout(Action<string, byte[]> write)
    {
        Built image = Build();
        var blobs = new List<Blob> { image.Manifest, image.Config };
        blobs.AddRange(image.Layers.Where(l => !l.Missing));
        Descriptor top = image.Manifest.Descriptor with { Platform = new Platform { Architecture = "amd64", OS = "linux" }, Annotations = IndexAnnotations };
        if (_nestedMultiPlatformIndex)
        {
            Descriptor arm = top with { Digest = Sha256([1]), Platform = new Platform { Architecture = "arm64", OS = "linux" } };
            Blob nested = Document(new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [arm, top] }, MediaTypes.OciIndex);
            blobs.Add(nested);
            top = nested.Descriptor;
        }

        write("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        write("index.json", JsonSerializer.SerializeToUtf8Bytes(new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [top] }, Json));
        foreach (Blob blob in blobs)
        {
            write("blobs/sha256/" + Hex(blob.Digest), blob.Bytes);
        }
    }

    private sealed record Blob(string MediaType, string Digest, byte[] Bytes, bool Missing)
    {
        public Descriptor Descriptor => new() { MediaType = MediaType, Digest = Digest, Size = Bytes.Length };
    }

    private sealed record Built(Blob Manifest, Blob Config, IReadOnlyList<Blob> Layers);
}
