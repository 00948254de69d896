using System.Formats.Tar;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Registry;
using ZstdSharp;

namespace ContainerHardening.Normalization;

/// <summary>
/// Makes the image the SDK wrote reproducible and its app layer hardened: the app layer is rewritten in canonical
/// form (see <see cref="AppLayerRewriter"/>) and gzip-compressed deterministically, every "now" the SDK wrote becomes
/// <see cref="NormalizationOptions.Timestamp"/>, and the config, manifest and index are updated to match. Base layers
/// are copied byte for byte. Two publishes of the same inputs give the same bytes, and so the same digests.
/// </summary>
public static class ImageNormalizer
{
    private const string OciLayoutFile = "oci-layout";
    private const string OciLayoutContent = """{"imageLayoutVersion":"1.0.0"}""";
    private const string BlobDirectory = "blobs/sha256/";
    private const string AppLayerFile = "app-layer.tar.gz";
    private const UnixFileMode LayoutDirectoryMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode LayoutFileMode = (UnixFileMode)0b110_100_100;

    // Labels and annotations that hold the build time by convention.
    private static readonly string[] CreatedKeys = ["org.opencontainers.image.created", "org.opencontainers.artifact.created"];

    // Stable output: property order as read, no indentation, and "+" in media types left as it is.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads the image in <paramref name="inputArchive"/> (an OCI layout tar or directory, or a docker-load tar) and
    /// writes the normalized image to <paramref name="outputArchive"/> as an OCI image layout, a tar or a directory
    /// per <see cref="NormalizationOptions.Layout"/>. The output is written aside and moved into place at the end.
    /// When the output already holds exactly this image — an unchanged rebuild — it is kept as it is.
    /// </summary>
    /// <exception cref="ImageFormatException">The input image is damaged, tampered with or in a format that cannot be read.</exception>
    /// <param name="inputsKey">
    /// What the image is made of, known before the input is opened (see <see cref="NormalizationInputs.Key"/>): when an
    /// earlier run with the same key left its output untouched, that output is the answer and the input is not read.
    /// </param>
    public static NormalizationResult Normalize(
        string inputArchive, string outputArchive, NormalizationOptions options, string? inputsKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string output = Path.GetFullPath(outputArchive);
        var stamp = new OutputStamp(output + OutputStamp.Extension);
        var inputs = new NormalizationInputs(output + NormalizationInputs.Extension);
        if (inputsKey is not null && inputs.Find(inputsKey) is { } earlier && stamp.Matches(output, earlier.IndexDigest))
        {
            return earlier.Result;
        }

        if (string.Equals(Path.GetFullPath(inputArchive), output, StringComparison.Ordinal))
        {
            throw new ArgumentException("The normalized image must be written to another path than the image it is read from.", nameof(outputArchive));
        }

        if (options.Layout == NormalizedLayout.Directory)
        {
            CheckReplaceableDirectory(output);
        }

        string staging = Path.Combine(Path.GetDirectoryName(output)!, "." + Path.GetFileName(output) + "." + Path.GetRandomFileName());
        Directory.CreateDirectory(staging);
        try
        {
            var sources = new List<IImageSource>();
            using var closeSources = new DisposeAll(sources);
            NormalizedImage image = Rewrite(inputArchive, sources, options, staging, cancellationToken);
            inputs.Delete();
            if (stamp.Matches(output, image.IndexDigest))
            {
                inputs.Record(inputsKey, image);
                return image.Result with { ReusedOutput = true };
            }

            // The stamp goes first: a build stopped half way must not leave an old stamp that vouches for new bytes.
            stamp.Delete();
            if (options.Layout == NormalizedLayout.Directory)
            {
                string layout = Path.Combine(staging, "layout");
                WriteLayoutDirectory(image, layout, output);
                MoveDirectoryIntoPlace(layout, output);
            }
            else
            {
                string tar = Path.Combine(staging, "image.tar");
                WriteLayoutTar(image, tar, options.Timestamp);
                File.Move(tar, output, overwrite: true);
            }

            stamp.Record(output, image.IndexDigest);
            inputs.Record(inputsKey, image);
            return image.Result;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Works out the normalized image without writing it: the app layer is rewritten into <paramref name="staging"/>,
    /// config, manifest and index are small documents in memory, and base layers stay where they are until written.
    /// Every blob's digest is known at the end, so the output can be compared with what is already there. A layout
    /// with several images (a multi-platform publish) has each image normalized and its indexes rewritten to match.
    /// </summary>
    /// <param name="sources">Receives the opened images, whose base layers are read when the layout is written.</param>
    private static NormalizedImage Rewrite(string inputPath, List<IImageSource> sources, NormalizationOptions options, string staging, CancellationToken cancellationToken)
    {
        IReadOnlyList<Descriptor> images = ImageSource.ListImages(inputPath);
        var blobs = new SortedDictionary<string, LayoutBlob>(StringComparer.Ordinal);
        string stamp = Stamp(options.Timestamp);
        JsonObject index;
        NormalizationResult result;
        // A docker-load archive lists its one image without a digest, and has no index.json.
        JsonObject? layoutIndex = images[0].Digest.Length > 0 ? LayoutDocuments.ReadIndex(inputPath) : null;

        // The SDK writes an image index for a multi-RID publish even when it lists one RID; its shape is kept.
        bool imageIndex = images.Count > 1 || (layoutIndex?["manifests"] is JsonArray topEntries
            && topEntries.Any(entry => MediaTypes.IsIndex((string?)entry?["mediaType"])));
        if (!imageIndex)
        {
            IImageSource source = ImageSource.Open(inputPath);
            sources.Add(source);
            LayoutDocuments documents = LayoutDocuments.Read(inputPath, source);
            (result, byte[] manifestBytes) = RewriteImage(source, documents.Manifest, options, stamp, staging, blobs, cancellationToken);
            var entries = new JsonArray();
            foreach (JsonObject entry in documents.IndexEntries)
            {
                (entry["digest"], entry["size"]) = (result.ManifestDigest, manifestBytes.Length);
                SetCreated(entry["annotations"] as JsonObject, stamp);
                entries.Add(entry);
            }

            index = documents.Index;
            index["manifests"] = entries;
        }
        else
        {
            var rewritten = new Dictionary<string, (NormalizationResult Result, int Size)>(StringComparer.Ordinal);
            foreach (Descriptor image in images)
            {
                IImageSource source = ImageSource.Open(inputPath, image.Digest);
                sources.Add(source);
                string imageStaging = Directory.CreateDirectory(Path.Combine(staging, rewritten.Count.ToString(CultureInfo.InvariantCulture))).FullName;
                JsonObject manifest = JsonNode.Parse(ReadBlob(source, image))!.AsObject();
                (NormalizationResult imageResult, byte[] manifestBytes) = RewriteImage(source, manifest, options, stamp, imageStaging, blobs, cancellationToken);
                rewritten[image.Digest] = (imageResult, manifestBytes.Length);
            }

            index = layoutIndex!;
            RewriteIndexEntries(index, sources[0], rewritten, blobs, stamp);
            string top = index["manifests"]![0]!["digest"]!.GetValue<string>();
            result = new NormalizationResult(top, "", "", "",
                [.. rewritten.Values.SelectMany(r => r.Result.ModeChanges).Distinct()],
                [.. rewritten.Values.SelectMany(r => r.Result.DroppedFiles).Distinct()])
            {
                Platforms = images.Select(i => new NormalizedPlatformImage(rewritten[i.Digest].Result.ManifestDigest, i.Platform?.OS, i.Platform?.Architecture, i.Platform?.Variant)).ToArray(),
            };
        }

        SetCreated(index["annotations"] as JsonObject, stamp);
        byte[] indexBytes = JsonSerializer.SerializeToUtf8Bytes(index, Json);
        return new NormalizedImage(result, blobs, indexBytes, ContentDigest.Sha256(indexBytes));
    }

    /// <summary>Rewrites one image into <paramref name="blobs"/>: its app layer, config and manifest.</summary>
    /// <returns>What changed, and the manifest's new bytes.</returns>
    private static (NormalizationResult Result, byte[] Manifest) RewriteImage(
        IImageSource source, JsonObject manifest, NormalizationOptions options, string stamp, string staging,
        SortedDictionary<string, LayoutBlob> blobs, CancellationToken cancellationToken)
    {
        IReadOnlyList<Descriptor> layers = source.Manifest.Layers;
        int appIndex = options.AppLayerIndex ?? layers.Count - 1;
        if (appIndex < 0 || appIndex >= layers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(options), appIndex, $"The image has {layers.Count} layers; the app layer index must name one of them.");
        }

        JsonArray manifestLayers = manifest["layers"]!.AsArray();
        cancellationToken.ThrowIfCancellationRequested();
        var rewriter = new AppLayerRewriter(options, source.ImagePath, layers[appIndex].Digest);
        (string appDigest, long appSize, string appDiffId) = RewriteAppLayer(source, layers[appIndex], source.Config.RootFs.DiffIds[appIndex], rewriter, options.Timestamp, staging);
        string appLayerFile = Path.Combine(staging, AppLayerFile);
        for (int i = 0; i < layers.Count; i++)
        {
            JsonObject descriptor = manifestLayers[i]!.AsObject();
            if (i == appIndex)
            {
                descriptor["mediaType"] = layers[i].MediaType.StartsWith("application/vnd.docker.", StringComparison.Ordinal)
                    ? MediaTypes.DockerLayerGzip
                    : MediaTypes.OciLayerGzip;
                (descriptor["digest"], descriptor["size"]) = (appDigest, appSize);
                blobs[appDigest] = new LayoutBlob(appSize, () => File.OpenRead(appLayerFile));
            }
            else
            {
                // Copied byte for byte; the source checks the bytes against this digest as they are read.
                Descriptor layer = layers[i];
                (descriptor["digest"], descriptor["size"]) = (layer.Digest, layer.Size);
                blobs[layer.Digest] = new LayoutBlob(layer.Size, () => source.OpenBlob(layer));
            }
        }

        byte[] config = RewriteConfig(ReadBlob(source, source.Manifest.Config), appIndex, appDiffId, stamp);
        string configDigest = AddDocument(blobs, config);
        JsonObject configDescriptor = manifest["config"]!.AsObject();
        (configDescriptor["digest"], configDescriptor["size"]) = (configDigest, config.Length);
        SetCreated(manifest["annotations"] as JsonObject, stamp);

        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        string manifestDigest = AddDocument(blobs, manifestBytes);
        return (new NormalizationResult(manifestDigest, configDigest, appDigest, appDiffId, rewriter.ModeChanges, rewriter.DroppedFiles), manifestBytes);
    }

    /// <summary>
    /// Points the index's entries at the rewritten manifests, rewriting nested indexes (the SDK's image index) the
    /// same way; entries that are neither (attestations the SDK does not write) are not carried over.
    /// </summary>
    private static void RewriteIndexEntries(
        JsonObject index, IImageSource layout, Dictionary<string, (NormalizationResult Result, int Size)> rewritten,
        SortedDictionary<string, LayoutBlob> blobs, string stamp)
    {
        var entries = new JsonArray();
        foreach (JsonObject entry in index["manifests"]!.AsArray().OfType<JsonObject>())
        {
            string digest = entry["digest"]!.GetValue<string>();
            string mediaType = entry["mediaType"]!.GetValue<string>();
            if (rewritten.TryGetValue(digest, out (NormalizationResult Result, int Size) image))
            {
                (entry["digest"], entry["size"]) = (image.Result.ManifestDigest, image.Size);
            }
            else if (MediaTypes.IsIndex(mediaType))
            {
                JsonObject nested = JsonNode.Parse(ReadBlob(layout, new Descriptor { MediaType = mediaType, Digest = digest, Size = entry["size"]!.GetValue<long>() }))!.AsObject();
                RewriteIndexEntries(nested, layout, rewritten, blobs, stamp);
                byte[] nestedBytes = JsonSerializer.SerializeToUtf8Bytes(nested, Json);
                (entry["digest"], entry["size"]) = (AddDocument(blobs, nestedBytes), nestedBytes.Length);
            }
            else
            {
                continue;
            }

            SetCreated(entry["annotations"] as JsonObject, stamp);
            entries.Add(entry.DeepClone());
        }

        index["manifests"] = entries;
        SetCreated(index["annotations"] as JsonObject, stamp);
    }

    private static string AddDocument(SortedDictionary<string, LayoutBlob> blobs, byte[] bytes)
    {
        string digest = ContentDigest.Sha256(bytes);
        blobs[digest] = new LayoutBlob(bytes.Length, () => new MemoryStream(bytes, writable: false));
        return digest;
    }

    /// <summary>
    /// Unpacks the app layer to a temp file (checking its digest and diff_id on the way), then writes it again in
    /// canonical form, gzip-compressed, hashing the tar for the diff_id and the blob for its digest in the same pass.
    /// </summary>
    private static (string Digest, long Size, string DiffId) RewriteAppLayer(
        IImageSource source, Descriptor layer, string diffId, AppLayerRewriter rewriter, DateTimeOffset timestamp, string staging)
    {
        string original = Path.Combine(staging, "app-layer.tar");
        using (Stream blob = source.OpenBlob(layer))
        {
            try
            {
                using var tar = new HashingReadStream(LayerPass.Decompress(blob));
                using (var file = File.Create(original))
                {
                    tar.CopyTo(file);
                }

                blob.CopyTo(Stream.Null);
                if (tar.Digest != diffId)
                {
                    throw new ImageFormatException(RuleCatalog.ImageDiffIdMismatch, source.ImagePath, layer.Digest, tar.Digest, diffId);
                }
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdException)
            {
                blob.CopyTo(Stream.Null);
                throw new ImageFormatException(RuleCatalog.ImageArchiveCorrupt, source.ImagePath, layer.Digest, e, e.Message);
            }
        }

        string rewritten = Path.Combine(staging, AppLayerFile);
        string newDiffId;
        var blobHash = new HashingWriteStream(File.Create(rewritten));
        using (blobHash)
        {
            using (var tarHash = new HashingWriteStream(DeterministicGzip.Compress(blobHash, leaveOpen: true)))
            {
                using (var input = new FileStream(original, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.RandomAccess))
                using (var writer = new DeterministicTarWriter(tarHash, timestamp))
                {
                    rewriter.Rewrite(input, writer);
                }

                newDiffId = tarHash.Digest;
            }
        }

        File.Delete(original);
        return (blobHash.Digest, blobHash.BytesWritten, newDiffId);
    }

    internal static byte[] RewriteConfig(byte[] original, int appIndex, string appDiffId, string stamp)
    {
        JsonObject config = JsonNode.Parse(original)!.AsObject();
        config["created"] = stamp;
        config["rootfs"]!["diff_ids"]![appIndex] = appDiffId;
        SetCreated(config["config"]?["Labels"] as JsonObject, stamp);

        // The base image's steps keep their own (already fixed) times; the app layer's step and the ones after it
        // were written by this build. History entries map to layers in order, skipping "empty_layer" steps.
        if (config["history"] is JsonArray history && history.Count > 0)
        {
            int layerSteps = 0;
            int appStep = history.Count - 1;
            for (int i = 0; i < history.Count; i++)
            {
                if (history[i]?["empty_layer"]?.GetValueKind() != JsonValueKind.True && layerSteps++ == appIndex)
                {
                    appStep = i;
                }
            }

            int layerCount = config["rootfs"]!["diff_ids"]!.AsArray().Count;
            for (int i = layerSteps == layerCount ? appStep : history.Count - 1; i < history.Count; i++)
            {
                if (history[i] is JsonObject step && step.ContainsKey("created"))
                {
                    step["created"] = stamp;
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(config, Json);
    }

    /// <summary>The timestamp as the image documents write it.</summary>
    internal static string Stamp(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static void SetCreated(JsonObject? labels, string stamp)
    {
        foreach (string key in CreatedKeys)
        {
            if (labels?.ContainsKey(key) == true)
            {
                labels[key] = stamp;
            }
        }
    }

    private static byte[] ReadBlob(IImageSource source, Descriptor descriptor)
    {
        using Stream blob = source.OpenBlob(descriptor);
        using var buffer = new MemoryStream();
        blob.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the layout as a folder. A blob the earlier layout at <paramref name="previous"/> already holds (the base
    /// layers, when only the app changed) is moved over from it instead of copied: this package wrote and checked it
    /// there, its name is its digest, and that folder is replaced right after.
    /// </summary>
    private static void WriteLayoutDirectory(NormalizedImage image, string layout, string previous)
    {
        string blobDirectory = Path.Combine(layout, BlobDirectory);
        Directory.CreateDirectory(blobDirectory);
        foreach ((string digest, LayoutBlob blob) in image.Blobs)
        {
            string name = digest[Digest.Sha256Prefix.Length..];
            var earlier = new FileInfo(Path.Combine(previous, BlobDirectory, name));
            if (earlier.Exists && earlier.Length == blob.Size)
            {
                earlier.MoveTo(Path.Combine(blobDirectory, name));
                continue;
            }

            using Stream content = blob.Open();
            using var file = File.Create(Path.Combine(blobDirectory, name));
            content.CopyTo(file);
        }

        File.WriteAllBytes(Path.Combine(layout, OciLayoutSource.IndexFile), image.Index);
        File.WriteAllText(Path.Combine(layout, OciLayoutFile), OciLayoutContent);
    }

    /// <summary>
    /// The layout as one tar, written in a single stream: entries in path order, owner root, directories 0755, files
    /// 0644, one mtime. Base layers go straight from the input into the tar, checked against their digests on the way.
    /// </summary>
    private static void WriteLayoutTar(NormalizedImage image, string tarPath, DateTimeOffset timestamp)
    {
        using var file = File.Create(tarPath);
        using var writer = new DeterministicTarWriter(file, timestamp);
        writer.Write(TarEntryType.Directory, "blobs", LayoutDirectoryMode);
        writer.Write(TarEntryType.Directory, BlobDirectory.TrimEnd('/'), LayoutDirectoryMode);
        foreach ((string digest, LayoutBlob blob) in image.Blobs)
        {
            using var content = new SizedReadStream(blob.Open(), blob.Size);
            writer.Write(TarEntryType.RegularFile, BlobDirectory + digest[Digest.Sha256Prefix.Length..], LayoutFileMode, content);
        }

        writer.Write(TarEntryType.RegularFile, OciLayoutSource.IndexFile, LayoutFileMode, new MemoryStream(image.Index, writable: false));
        writer.Write(TarEntryType.RegularFile, OciLayoutFile, LayoutFileMode, new MemoryStream(Encoding.UTF8.GetBytes(OciLayoutContent), writable: false));
    }

    /// <summary>Replaces an existing OCI layout (or empty directory) at <paramref name="output"/>; any other directory is left alone.</summary>
    private static void MoveDirectoryIntoPlace(string layout, string output)
    {
        CheckReplaceableDirectory(output);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.Move(layout, output);
    }

    private static void CheckReplaceableDirectory(string output)
    {
        if (Directory.Exists(output)
            && Directory.EnumerateFileSystemEntries(output).Any()
            && !File.Exists(Path.Combine(output, OciLayoutFile)))
        {
            throw new IOException($"'{output}' exists and is not an OCI image layout; it is not replaced.");
        }

        if (File.Exists(output))
        {
            throw new IOException($"'{output}' exists and is a file; an OCI layout directory cannot be written there.");
        }
    }
}

/// <param name="Blobs">Every blob of the layout by digest, in the order a tar of the layout lists them.</param>
/// <param name="IndexDigest">The sha256 of index.json, which pins every other byte of the layout.</param>
internal sealed record NormalizedImage(NormalizationResult Result, SortedDictionary<string, LayoutBlob> Blobs, byte[] Index, string IndexDigest);

/// <summary>A blob of the normalized layout: its size and where its bytes come from when the layout is written.</summary>
internal sealed record LayoutBlob(long Size, Func<Stream> Open);

/// <summary>Disposes every source opened for a normalization, however many it took.</summary>
internal sealed class DisposeAll(List<IImageSource> sources) : IDisposable
{
    public void Dispose() => sources.ForEach(source => source.Dispose());
}
