using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace ContainerHardening.Tests.Infrastructure;

/// <summary>One entry of one layer of an image, as the tests assert on it.</summary>
internal sealed record LayerEntry(int Layer, string Path, TarEntryType Type, UnixFileMode Mode, int Uid, int Gid);

/// <summary>
/// Reads the OCI layout tar the SDK writes for ContainerArchiveOutputPath: the config and every entry of every layer.
/// Deliberately independent of the product's own image reader, so the tests check it rather than trust it.
/// </summary>
internal sealed class ImageArchive
{
    private ImageArchive(JsonElement config, IReadOnlyList<LayerEntry> entries, int layerCount)
    {
        Config = config;
        Entries = entries;
        LayerCount = layerCount;
    }

    public JsonElement Config { get; }

    public IReadOnlyList<LayerEntry> Entries { get; }

    public int LayerCount { get; }

    public string? User => Config.GetProperty("config").TryGetProperty("User", out JsonElement user) ? user.GetString() : null;

    public IEnumerable<string> ExposedPorts =>
        Config.GetProperty("config").TryGetProperty("ExposedPorts", out JsonElement ports)
            ? ports.EnumerateObject().Select(p => p.Name)
            : [];

    /// <summary>The base image label without the digest the lock file pins it to: registry/repository:tag.</summary>
    public string? BaseName => Label("org.opencontainers.image.base.name")?.Split('@')[0];

    public string? Label(string name) =>
        Config.GetProperty("config").TryGetProperty("Labels", out JsonElement labels) && labels.TryGetProperty(name, out JsonElement value)
            ? value.GetString()
            : null;

    /// <summary>The entries of the last layer, the one the SDK builds from the app.</summary>
    public IEnumerable<LayerEntry> AppLayer => Entries.Where(e => e.Layer == LayerCount - 1);

    public static ImageArchive Read(string path)
    {
        Dictionary<string, byte[]> blobs = ReadBlobs(path);
        JsonElement manifest = TopManifest(blobs);
        if (manifest.TryGetProperty("manifests", out JsonElement nested))
        {
            manifest = Parse(Blob(blobs, nested[0]));
        }

        JsonElement config = Parse(Blob(blobs, manifest.GetProperty("config")));
        var entries = new List<LayerEntry>();
        JsonElement[] layers = manifest.GetProperty("layers").EnumerateArray().ToArray();
        for (int i = 0; i < layers.Length; i++)
        {
            using var gzip = new GZipStream(new MemoryStream(Blob(blobs, layers[i])), CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is TarEntry entry)
            {
                entries.Add(new LayerEntry(i, entry.Name.TrimStart('.').TrimStart('/'), entry.EntryType, entry.Mode, entry.Uid, entry.Gid));
            }
        }

        return new ImageArchive(config, entries, layers.Length);
    }

    /// <summary>The manifest or image index that index.json names: for a multi-RID publish, the index of its platforms.</summary>
    public static JsonElement ReadTopManifest(string path) => TopManifest(ReadBlobs(path));

    private static JsonElement TopManifest(Dictionary<string, byte[]> blobs) =>
        Parse(Blob(blobs, Parse(blobs["index.json"]).GetProperty("manifests")[0]));

    private static Dictionary<string, byte[]> ReadBlobs(string path)
    {
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using FileStream file = File.OpenRead(path);
        using var reader = new TarReader(file);
        while (reader.GetNextEntry() is TarEntry entry)
        {
            if (entry.DataStream is not null)
            {
                using var copy = new MemoryStream();
                entry.DataStream.CopyTo(copy);
                blobs[entry.Name] = copy.ToArray();
            }
        }

        return blobs;
    }

    private static byte[] Blob(Dictionary<string, byte[]> blobs, JsonElement descriptor) =>
        blobs["blobs/sha256/" + descriptor.GetProperty("digest").GetString()!["sha256:".Length..]];

    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(json).RootElement.Clone();
}
