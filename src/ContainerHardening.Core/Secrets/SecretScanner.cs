using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using ContainerHardening.Diagnostics;
using ContainerHardening.Secrets.Detectors;

namespace ContainerHardening.Secrets;

/// <summary>
/// Finds secrets in files, archives, assemblies and name/value pairs. It never throws for bad input: a file it cannot
/// scan becomes a <see cref="SecretScanSkip"/>. Findings carry fingerprints, never values. Thread-safe; one call scans
/// single-threaded.
/// </summary>
public sealed class SecretScanner(SecretScanOptions? options = null)
{
    private const int SniffBytes = 8192;
    private const int MaxPkcs12Bytes = 1024 * 1024;

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".json", ".xml", ".config", ".yml", ".yaml", ".txt", ".env", ".ini", ".properties", ".cs", ".js", ".ts", ".py",
        ".sh", ".ps1", ".md", ".toml", ".pem", ".key", ".ppk", ".npmrc", ".pypirc", ".csv", ".html", ".htm", ".cshtml",
    };

    private static readonly HashSet<string> ArchiveExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".zip", ".nupkg", ".snupkg", ".jar", ".war", ".ear", ".apk", ".whl", ".vsix",
    };

    // Small files are most files: their buffers are pooled. A buffer for a multi-megabyte file is allocated and left
    // to the collector instead, because the shared pool would keep it (rounded up to a power of two) for the process's
    // life — tens of megabytes of an MSBuild node's memory after one scan.
    private static readonly ArrayPool<char> DecodeBuffers = ArrayPool<char>.Create(maxArrayLength: 1024 * 1024, maxArraysPerBucket: 8);

    private readonly SecretScanOptions _options = options ?? SecretScanOptions.Default;

    /// <summary>The ids of every detector, as findings and baseline entries name them.</summary>
    public static IReadOnlyList<string> DetectorIds { get; } =
        [.. DetectorCatalog.All.Select(d => d.Id), Pkcs12Unprotected, Pkcs12Protected];

    private const string Pkcs12Unprotected = "pkcs12-unprotected";
    private const string Pkcs12Protected = "pkcs12";

    /// <summary>Scans one file's content: text, a zip-based archive (recursively), a .NET assembly's user strings, or a PKCS#12 store.</summary>
    /// <param name="length">
    /// The content's length when the caller knows it (a tar entry's size): the file is then read into one array of
    /// exactly that size instead of a growing buffer, which keeps large assemblies from tripling in memory.
    /// </param>
    public SecretScanResult ScanFile(string path, Stream content, long? length = null)
    {
        var run = new Run(_options);
        try
        {
            if (content.CanSeek && content.Length > _options.MaxFileBytes && LooksLikeZip(content))
            {
                ScanArchive(run, path, content, depth: 1);
                return run.Result();
            }

            // Native code and data files (shared libraries, ICU data, images) make up most of an image's bytes and
            // hold nothing the detectors read: decide from the first 8 KB and never buffer the rest.
            byte[] head = new byte[SniffBytes];
            int headLength = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (IsOpaqueBinary(head.AsSpan(0, headLength), Path.GetExtension(path)))
            {
                return run.Result();
            }

            // An assembly's string literals are in its metadata; the rest of it is read past, never held.
            if (head.AsSpan(0, headLength).StartsWith("MZ"u8))
            {
                PeMetadata pe = PeMetadataReader.Read(head.AsSpan(0, headLength), content, _options.MaxFileBytes);
                if (pe.Kind != PeKind.NotPe)
                {
                    ScanPortableExecutable(run, path, pe, length ?? headLength);
                    return run.Result();
                }
            }

            string extension = Path.GetExtension(path);
            if (length is long known && known <= _options.MaxFileBytes && known >= headLength && IsPlainFile(head.AsSpan(0, headLength), extension))
            {
                ScanText(run, path, head.AsSpan(0, headLength), content, known, extension);
            }
            else if (ReadAll(head.AsMemory(0, headLength), content, length) is { } bytes)
            {
                ScanBytes(run, path, bytes, depth: 0);
            }
            else
            {
                run.Skip(path, SecretSkipReason.TooLarge, _options.MaxFileBytes);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            run.Skip(path, SecretSkipReason.Unreadable);
        }

        return run.Result();
    }

    /// <summary>Scans one file's bytes; see <see cref="ScanFile(string, Stream)"/>.</summary>
    public SecretScanResult ScanFile(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var run = new Run(_options);
        if (content.Length > _options.MaxFileBytes && !IsZip(content))
        {
            run.Skip(path, SecretSkipReason.TooLarge, _options.MaxFileBytes);
        }
        else
        {
            ScanBytes(run, path, content, depth: 0);
        }

        return run.Result();
    }

    /// <summary>Scans text already decoded (a file the caller has read).</summary>
    public SecretScanResult ScanText(string path, string text)
    {
        var run = new Run(_options);
        ScanDecoded(run, new TextScanContext(path, text.AsMemory()));
        return run.Result();
    }

    /// <summary>
    /// Scans a name/value pair: an environment variable, an image label, an MSBuild property. The value is read as
    /// <c>name=value</c>, so a secret-looking name (<c>DB_PASSWORD</c>) counts. <paramref name="subject"/> names the
    /// pair in findings, e.g. <c>env:DB_PASSWORD</c>.
    /// </summary>
    public SecretScanResult ScanValue(string subject, string name, string value)
    {
        var run = new Run(_options);
        ScanDecoded(run, new TextScanContext(subject, (name + "=" + value).AsMemory()));
        return run.Result();
    }

    /// <summary>Scans the user-string heap (#US, the string literals) of a .NET assembly; the line of a finding is the literal's ordinal.</summary>
    public SecretScanResult ScanAssembly(string path, Stream peImage)
    {
        var run = new Run(_options);
        if (ReadBounded(peImage, _options.MaxFileBytes) is { } bytes)
        {
            ScanAssembly(run, path, bytes);
        }
        else
        {
            run.Skip(path, SecretSkipReason.TooLarge, _options.MaxFileBytes);
        }

        return run.Result();
    }

    /// <summary>Scans a zip-based archive (zip, nupkg, jar, …) and the archives inside it, within the depth, ratio and size limits.</summary>
    public SecretScanResult ScanArchive(string path, Stream archive)
    {
        var run = new Run(_options);
        try
        {
            if (archive.CanSeek)
            {
                ScanArchive(run, path, archive, depth: 1);
            }
            else if (ReadBounded(archive, _options.MaxFileBytes) is { } bytes)
            {
                // ZipArchive copies a forward-only stream into memory without a limit; read it here, bounded, instead.
                using var copy = new MemoryStream(bytes, writable: false);
                ScanArchive(run, path, copy, depth: 1);
            }
            else
            {
                run.Skip(path, SecretSkipReason.TooLarge, _options.MaxFileBytes);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            run.Skip(path, SecretSkipReason.Unreadable);
        }

        return run.Result();
    }

    private void ScanBytes(Run run, string path, byte[] bytes, int depth)
    {
        string extension = Path.GetExtension(path);
        if (IsZip(bytes) || (ArchiveExtensions.Contains(extension) && bytes.Length > 0))
        {
            using var stream = new MemoryStream(bytes, writable: false);
            ScanArchive(run, path, stream, depth + 1);
            return;
        }

        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            ScanPkcs12(run, path, bytes);
            return;
        }

        bool namedAsAssembly = extension.Equals(".dll", StringComparison.OrdinalIgnoreCase) || extension.Equals(".exe", StringComparison.OrdinalIgnoreCase);
        if (bytes.Length > 2 && bytes[0] == 'M' && bytes[1] == 'Z')
        {
            if (TryScanAssembly(run, path, bytes))
            {
                return;
            }

            if (namedAsAssembly)
            {
                run.Skip(path, SecretSkipReason.InvalidAssembly);
                return;
            }
        }

        ScanText(run, path, bytes, Stream.Null, bytes.Length, extension);
    }

    /// <summary>Neither an archive, an assembly nor a PKCS#12 store, by its first bytes and name: read as text or not at all.</summary>
    private static bool IsPlainFile(ReadOnlySpan<byte> head, string extension) =>
        !IsZip(head) && !head.StartsWith("MZ"u8) && !ArchiveExtensions.Contains(extension)
        && !extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".p12", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Scans a file of <paramref name="length"/> bytes as text: <paramref name="head"/>, then the rest of it from
    /// <paramref name="rest"/>. The encoding is decided from the head, and the text is decoded straight into a pooled
    /// buffer (a fresh string per file would cost more than the scan), so a streamed file is never held as bytes.
    /// </summary>
    private static void ScanText(Run run, string path, ReadOnlySpan<byte> head, Stream rest, long length, string extension)
    {
        run.BytesScanned += length;
        if (Decode(head, extension) is not (Encoding encoding, int skip))
        {
            return;
        }

        Decoder decoder = encoding.GetDecoder();
        char[] buffer = DecodeBuffers.Rent(encoding.GetMaxCharCount((int)length - skip));
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int decoded = decoder.GetChars(head[skip..], buffer, flush: false);
            long remaining = length - head.Length;
            while (remaining > 0)
            {
                int read = rest.Read(chunk, 0, (int)Math.Min(chunk.Length, remaining));
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                decoded += decoder.GetChars(chunk.AsSpan(0, read), buffer.AsSpan(decoded), flush: false);
                remaining -= read;
            }

            decoded += decoder.GetChars([], buffer.AsSpan(decoded), flush: true);
            ScanDecoded(run, new TextScanContext(path, buffer.AsMemory(0, decoded)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            DecodeBuffers.Return(buffer);
        }
    }

    private static void ScanDecoded(Run run, TextScanContext context)
    {
        try
        {
            SecretTextEngine.Scan(context);
        }
        catch (RegexMatchTimeoutException)
        {
            // The exception's Input holds the scanned text; it is dropped here and only the skip survives.
            run.Skip(context.Path, SecretSkipReason.Timeout, 1);
        }

        run.Findings.AddRange(context.Findings());
    }

    /// <summary>
    /// How the scanner reads a file as text (the encoding and the BOM length), or null for a binary file: NUL bytes in
    /// the first 8 KB and no text extension or BOM. Invalid sequences decode to U+FFFD, never an exception.
    /// </summary>
    internal static (Encoding Encoding, int Skip)? Decode(ReadOnlySpan<byte> span, string extension)
    {
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        ReadOnlySpan<byte> head = span[..Math.Min(span.Length, SniffBytes)];
        if (!head.Contains((byte)0))
        {
            return (Encoding.UTF8, 0);
        }

        if (!TextExtensions.Contains(extension))
        {
            return null;
        }

        // A known text file with NULs is most likely UTF-16 without a BOM: NULs in the high bytes of ASCII characters.
        int odd = 0, even = 0;
        for (int i = 0; i < head.Length; i++)
        {
            if (head[i] == 0)
            {
                _ = (i % 2 == 1) ? odd++ : even++;
            }
        }

        return odd > head.Length / 4 ? (Encoding.Unicode, 0)
            : even > head.Length / 4 ? (Encoding.BigEndianUnicode, 0)
            : (Encoding.UTF8, 0);
    }

    private static void ScanAssembly(Run run, string path, byte[] bytes)
    {
        if (!TryScanAssembly(run, path, bytes))
        {
            run.Skip(path, SecretSkipReason.InvalidAssembly);
        }
    }

    /// <summary>Scans the #US heap; false when the bytes are no readable PE file (the caller decides whether that is a skip or text).</summary>
    private static bool TryScanAssembly(Run run, string path, byte[] bytes)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(bytes, writable: false));
            if (!pe.HasMetadata)
            {
                // A native PE file: nothing the scanner reads, and not a problem either.
                run.BytesScanned += bytes.Length;
                return true;
            }

            ScanUserStrings(run, path, pe.GetMetadataReader(), bytes.Length);
            return true;
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private static void ScanPortableExecutable(Run run, string path, PeMetadata pe, long fileBytes)
    {
        switch (pe.Kind)
        {
            case PeKind.Native:
                run.BytesScanned += fileBytes;
                break;
            case PeKind.Managed:
                try
                {
                    using MetadataReaderProvider metadata = MetadataReaderProvider.FromMetadataImage(ImmutableCollectionsMarshal.AsImmutableArray(pe.Metadata));
                    ScanUserStrings(run, path, metadata.GetMetadataReader(), fileBytes);
                }
                catch (BadImageFormatException)
                {
                    run.Skip(path, SecretSkipReason.InvalidAssembly);
                }

                break;
            default:
                run.Skip(path, SecretSkipReason.InvalidAssembly);
                break;
        }
    }

    /// <exception cref="BadImageFormatException">The metadata is damaged.</exception>
    private static void ScanUserStrings(Run run, string path, MetadataReader reader, long fileBytes)
    {
        var text = new StringBuilder();

        // The heap starts with one empty entry; facades have nothing after it, and handle 1 would be out of range.
        bool hasStrings = reader.GetHeapSize(HeapIndex.UserString) > 1;
        for (UserStringHandle handle = hasStrings ? MetadataTokens.UserStringHandle(1) : default; !handle.IsNil && text.Length < int.MaxValue / 4; handle = reader.GetNextHandle(handle))
        {
            text.Append(reader.GetUserString(handle).Replace('\n', ' ')).Append('\n');
        }

        run.BytesScanned += fileBytes;
        ScanDecoded(run, new TextScanContext(path, text.ToString().AsMemory(), lineIsOrdinal: true));
    }

    private static void ScanPkcs12(Run run, string path, byte[] bytes)
    {
        run.BytesScanned += bytes.Length;
        string detector = bytes.Length <= MaxPkcs12Bytes && OpensWithoutPassword(bytes) ? Pkcs12Unprotected : Pkcs12Protected;
        run.Findings.Add(new SecretFinding(detector, RuleCatalog.Pkcs12File, path, 0, 0, SecretFingerprint.OfBytes(bytes)));

        static bool OpensWithoutPassword(byte[] bytes)
        {
            foreach (string? password in new[] { null, string.Empty })
            {
                try
                {
                    // .NET 9 moved PKCS#12 loading to X509CertificateLoader; the task assemblies are built for .NET 8 too.
#if NET9_0_OR_GREATER
                    using var certificate = X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
#else
                    using var certificate = new X509Certificate2(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
#endif
                    return true;
                }
                catch (CryptographicException)
                {
                    // Wrong password or not a PKCS#12 store: try the next, then report it as protected.
                }
            }

            return false;
        }
    }

    private void ScanArchive(Run run, string path, Stream stream, int depth)
    {
        if (depth > _options.MaxArchiveDepth)
        {
            run.Skip(path, SecretSkipReason.ArchiveTooDeep, _options.MaxArchiveDepth);
            return;
        }

        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                string entryPath = path + "!/" + entry.FullName;
                if (run.Expired)
                {
                    run.Skip(path, SecretSkipReason.Timeout, (long)_options.MaxTimePerFile.TotalSeconds);
                    return;
                }

                if (entry.Length > _options.MaxFileBytes)
                {
                    run.Skip(entryPath, SecretSkipReason.TooLarge, _options.MaxFileBytes);
                    continue;
                }

                if (entry.Length > 1024 * 1024 && entry.Length > (long)_options.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    run.Skip(entryPath, SecretSkipReason.ArchiveBomb, _options.MaxCompressionRatio);
                    continue;
                }

                if (run.ArchiveBytes + entry.Length > _options.MaxArchiveTotalBytes)
                {
                    run.Skip(path, SecretSkipReason.ArchiveBudget, _options.MaxArchiveTotalBytes);
                    return;
                }

                byte[]? data;
                try
                {
                    using Stream entryStream = entry.Open();

                    // The header's length may lie: never read more than it promised.
                    data = ReadBounded(entryStream, entry.Length);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
                {
                    // An encrypted, damaged or Deflate64 member: skip it and go on with the others.
                    run.Skip(entryPath, SecretSkipReason.Unreadable);
                    continue;
                }

                if (data is null)
                {
                    run.Skip(entryPath, SecretSkipReason.ArchiveBomb, _options.MaxCompressionRatio);
                    continue;
                }

                run.ArchiveBytes += data.Length;
                ScanBytes(run, entryPath, data, depth);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            run.Skip(path, SecretSkipReason.InvalidArchive);
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the stream holds more.</summary>
    /// <summary>The whole file: <paramref name="head"/> already read, then the rest of <paramref name="content"/>.</summary>
    private byte[]? ReadAll(ReadOnlyMemory<byte> head, Stream content, long? length)
    {
        if (length is not long known || known > _options.MaxFileBytes || known < head.Length)
        {
            return ReadBounded(new ContainerHardening.Image.PrefixedStream(head, content), _options.MaxFileBytes);
        }

        byte[] bytes = new byte[known];
        head.CopyTo(bytes);
        content.ReadExactly(bytes, head.Length, bytes.Length - head.Length);
        return bytes;
    }

    private static byte[]? ReadBounded(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A file none of the scanner's readers understands: not an archive, assembly or PKCS#12 store, and binary by the
    /// same test <see cref="Decode"/> applies (NUL bytes in the first 8 KB, no BOM, no text extension).
    /// </summary>
    private static bool IsOpaqueBinary(ReadOnlySpan<byte> head, string extension) =>
        IsPlainFile(head, extension) && Decode(head, extension) is null;

    private static bool IsZip(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\x03\x04"u8) || bytes.StartsWith("PK\x05\x06"u8);

    private static bool LooksLikeZip(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        long position = stream.Position;
        int n = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = position;
        return n == 4 && IsZip(head);
    }

    /// <summary>The state of one top-level scan: what it found, what it skipped, and its budgets.</summary>
    private sealed class Run(SecretScanOptions options)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public List<SecretFinding> Findings { get; } = [];

        public List<SecretScanSkip> Skipped { get; } = [];

        public long BytesScanned { get; set; }

        public long ArchiveBytes { get; set; }

        public bool Expired => _clock.Elapsed > options.MaxTimePerFile;

        public void Skip(string path, SecretSkipReason reason, long limit = 0) => Skipped.Add(new(path, reason, limit));

        public SecretScanResult Result() => new(
            [.. Findings.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.DetectorId, StringComparer.Ordinal)],
            Skipped,
            BytesScanned);
    }
}
