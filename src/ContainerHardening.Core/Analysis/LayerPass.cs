using System.Formats.Tar;
using System.IO.Compression;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ZstdSharp;

namespace ContainerHardening.Analysis;

/// <summary>
/// The one pass over an image's bytes. Each layer is streamed once: the blob is hashed against its digest,
/// decompressed, hashed against its diff_id and split into tar entries for the observers, on three threads in step.
/// Nothing larger than the few read-ahead buffers between them is held, except a file's content when several
/// observers ask for it (see <see cref="ILayerObserver"/>). Observers are called on the calling thread, in order.
/// </summary>
public static class LayerPass
{
    // POSIX tar ends with two zero blocks. Their absence is how a truncated gzip layer shows, since GZipStream
    // treats a cut-off deflate stream as a normal end.
    private const int EndOfArchiveBytes = 1024;

    // Files up to this size are replayed from memory when several observers want them; larger ones from a temp file.
    private const int InMemorySpoolBytes = 1024 * 1024;

    // The queues between a layer's threads: at most (buffers + 2) × 256 KiB each, about 4 MB for both.
    private const int ReadAheadBufferBytes = 256 * 1024;
    private const int CompressedReadAheadBuffers = 4;
    private const int UnpackedReadAheadBuffers = 8;

    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string XattrPrefix = "SCHILY.xattr.";

    private static readonly byte[] GzipMagic = [0x1F, 0x8B];
    private static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];

    // A layer whose wanted contents add up to more than this is not recorded: the record would cost more than a read.
    private const long MaxRecordedContentBytes = 16L * 1024 * 1024;

    /// <param name="store">
    /// Where layers seen before are replayed from and new base layers are recorded to; null to read every layer.
    /// </param>
    /// <exception cref="ImageFormatException">A layer is damaged, tampered with, malicious or in an unknown format.</exception>
    public static void Run(IImageSource source, IReadOnlyList<ILayerObserver> observers, LayerStore? store = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Descriptor> layers = source.Manifest.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = new ImageLayer(i, layers[i], source.Config.RootFs.DiffIds[i]);
            if (store?.Load(layer) is { } recording && Replay(layer, recording, observers, cancellationToken))
            {
                store.CountReplay();
            }
            else if (store is not null && store.ShouldRecord(layer))
            {
                var recorder = new LayerRecorder(observers, MaxRecordedContentBytes);
                ReadLayer(source, layer, [.. observers, recorder], cancellationToken);
                if (recorder.Finish(layer) is { } recorded)
                {
                    store.Save(layer, recorded);
                }
            }
            else
            {
                ReadLayer(source, layer, observers, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Feeds a recorded layer to the observers as reading it would have; false, with no observer touched, when the
    /// recording lacks something an observer wants (then the layer is read).
    /// </summary>
    private static bool Replay(ImageLayer layer, LayerRecording recording, IReadOnlyList<ILayerObserver> observers, CancellationToken cancellationToken)
    {
        IRecordableLayerObserver[] recordable = observers.OfType<IRecordableLayerObserver>().ToArray();
        ILayerObserver[] plain = observers.Where(o => o is not IRecordableLayerObserver).ToArray();
        ImageEntry[] entries = recording.Entries.Select(e => e.ToEntry(layer)).ToArray();
        bool complete = recordable.All(o => recording.Observers.ContainsKey(o.RecordingName))
            && entries.Zip(recording.Entries).All(pair => pair.Second.Content is not null || !plain.Any(o => pair.First.Kind == EntryKind.File && o.WantsContent(pair.First)));
        if (!complete)
        {
            return false;
        }

        // Every recordable part is read before any is taken in, so a damaged part leaves every observer as it was.
        object?[] parsed = recordable.Select(o => o.ParseLayer(recording.Observers[o.RecordingName])).ToArray();
        if (parsed.Any(p => p is null))
        {
            return false;
        }

        for (int i = 0; i < recordable.Length; i++)
        {
            recordable[i].TakeLayer(layer.Index, parsed[i]!);
        }

        for (int i = 0; i < entries.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (ILayerObserver observer in plain)
            {
                bool wants = entries[i].Kind == EntryKind.File && observer.WantsContent(entries[i]);
                using Stream? content = wants ? new MemoryStream(recording.Entries[i].Content!, writable: false) : null;
                observer.OnEntry(entries[i], content);
            }
        }

        return true;
    }

    private static void ReadLayer(IImageSource source, ImageLayer layer, IReadOnlyList<ILayerObserver> observers, CancellationToken cancellationToken)
    {
        // Three threads share a layer: one reads the blob and checks its digest, one inflates it, and this one hashes
        // the tar, parses its entries and runs the observers. Each hands its bytes on through a short queue.
        using var blob = new ReadAheadStream(source.OpenBlob(layer.Descriptor), ReadAheadBufferBytes, CompressedReadAheadBuffers, cancellationToken);
        HashingReadStream tar;
        try
        {
            tar = new HashingReadStream(new ReadAheadStream(Decompress(blob), ReadAheadBufferBytes, UnpackedReadAheadBuffers, cancellationToken));
            using (tar)
            {
                ReadEntries(source.ImagePath, layer, tar, observers, cancellationToken);
                tar.CopyTo(Stream.Null);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ZstdException)
        {
            // Garbled bytes usually mean a changed blob; report that root cause when the digest says so. The inflating
            // thread has stopped by now: leaving the using block disposed its stream.
            blob.CopyTo(Stream.Null);
            throw new ImageFormatException(RuleCatalog.ImageArchiveCorrupt, source.ImagePath, layer.Digest, e, e.Message);
        }

        blob.CopyTo(Stream.Null);
        if (tar.TrailingZeroBytes < EndOfArchiveBytes)
        {
            throw new ImageFormatException(RuleCatalog.ImageArchiveCorrupt, source.ImagePath, layer.Digest, new EndOfStreamException().Message);
        }

        if (tar.Digest != layer.DiffId)
        {
            throw new ImageFormatException(RuleCatalog.ImageDiffIdMismatch, source.ImagePath, layer.Digest, tar.Digest, layer.DiffId);
        }
    }

    /// <summary>Picks the decompressor from the magic bytes; docker-load archives call every layer "layer.tar".</summary>
    internal static Stream Decompress(Stream blob)
    {
        byte[] magic = new byte[ZstdMagic.Length];
        int read = blob.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        var stream = new PrefixedStream(magic.AsMemory(0, read), blob);
        ReadOnlySpan<byte> head = magic.AsSpan(0, read);
        return head.StartsWith(GzipMagic) ? new GZipStream(stream, CompressionMode.Decompress)
            : head.StartsWith(ZstdMagic) ? new DecompressionStream(stream, leaveOpen: false)
            : stream;
    }

    private static void ReadEntries(string imagePath, ImageLayer layer, Stream tar, IReadOnlyList<ILayerObserver> observers, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        var wanting = new List<ILayerObserver>(observers.Count);
        while (reader.GetNextEntry(copyData: false) is TarEntry tarEntry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ToImageEntry(imagePath, layer, tarEntry) is not ImageEntry entry)
            {
                continue;
            }

            wanting.Clear();
            if (entry.Kind == EntryKind.File)
            {
                wanting.AddRange(observers.Where(o => o.WantsContent(entry)));
            }

            if (wanting.Count <= 1)
            {
                foreach (ILayerObserver observer in observers)
                {
                    observer.OnEntry(entry, wanting.Contains(observer) ? tarEntry.DataStream ?? Stream.Null : null);
                }
            }
            else
            {
                using Stream spool = Spool(tarEntry.DataStream ?? Stream.Null, entry.Size);
                foreach (ILayerObserver observer in observers)
                {
                    spool.Position = 0;
                    observer.OnEntry(entry, wanting.Contains(observer) ? spool : null);
                }
            }
        }
    }

    private static Stream Spool(Stream content, long size)
    {
        Stream spool = size <= InMemorySpoolBytes
            ? new MemoryStream((int)size)
            : new FileStream(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, bufferSize: 81920, FileOptions.DeleteOnClose);
        content.CopyTo(spool);
        return spool;
    }

    /// <summary>Maps a tar entry to the image's terms; null for entries that mean nothing in a filesystem.</summary>
    private static ImageEntry? ToImageEntry(string imagePath, ImageLayer layer, TarEntry entry)
    {
        string path = ImagePaths.Normalize(entry.Name)
            ?? throw new ImageFormatException(RuleCatalog.ImagePathTraversal, imagePath, layer.Digest, entry.Name);
        if (entry.Length is < 0 or > ImageLimits.MaxContentBytes)
        {
            throw new ImageFormatException(RuleCatalog.ImageSizeOutOfRange, imagePath, layer.Digest + " " + path, entry.Length, ImageLimits.MaxContentBytes);
        }

        string name = path[(path.LastIndexOf('/') + 1)..];
        string parent = ImagePaths.Parent(path);
        EntryKind kind;
        if (name == OpaqueMarker)
        {
            (kind, path) = (EntryKind.OpaqueWhiteout, parent);
        }
        else if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
        {
            // Other ".wh..wh." names are aufs bookkeeping (hard-link and metadata directories), not content.
            return null;
        }
        else if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            (kind, path) = (EntryKind.Whiteout, ImagePaths.Combine(parent, name[WhiteoutPrefix.Length..]));
        }
        else
        {
            kind = entry.EntryType switch
            {
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => EntryKind.File,
                TarEntryType.Directory => EntryKind.Directory,
                TarEntryType.SymbolicLink => EntryKind.Symlink,
                TarEntryType.HardLink => EntryKind.HardLink,
                TarEntryType.CharacterDevice => EntryKind.CharacterDevice,
                TarEntryType.BlockDevice => EntryKind.BlockDevice,
                TarEntryType.Fifo => EntryKind.Fifo,
                _ => throw new ImageFormatException(RuleCatalog.ImageFormatUnsupported, imagePath, layer.Digest + " " + path, entry.EntryType),
            };
        }

        string? linkTarget = kind switch
        {
            EntryKind.Symlink => entry.LinkName,

            // A hard link names another entry of the archive, so it is held to the same rules as entry names.
            EntryKind.HardLink => ImagePaths.Normalize(entry.LinkName)
                ?? throw new ImageFormatException(RuleCatalog.ImagePathTraversal, imagePath, layer.Digest, entry.LinkName),
            _ => null,
        };

        return new ImageEntry(path, kind, entry.Mode, entry.Uid, entry.Gid, entry.Length, linkTarget, entry.ModificationTime,
            ExtendedAttributes(entry), layer.Index, layer.Digest);
    }

    private static Dictionary<string, string> ExtendedAttributes(TarEntry entry)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry is PaxTarEntry pax)
        {
            foreach ((string key, string value) in pax.ExtendedAttributes)
            {
                if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
                {
                    attributes[key[XattrPrefix.Length..]] = value;
                }
            }
        }

        return attributes;
    }
}
