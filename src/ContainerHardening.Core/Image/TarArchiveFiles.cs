using System.Formats.Tar;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Image;

/// <summary>
/// An image archive tar, which may be gigabytes: one pass over its headers records where each file's data starts,
/// skipping the data itself, and every later read goes straight to that offset.
/// </summary>
internal sealed class TarArchiveFiles : IArchiveFiles
{
    private readonly FileStream _file;
    private readonly Dictionary<string, (long Offset, long Length)> _entries;

    private TarArchiveFiles(string imagePath, FileStream file, Dictionary<string, (long Offset, long Length)> entries)
    {
        ImagePath = imagePath;
        _file = file;
        _entries = entries;
    }

    public string ImagePath { get; }

    public static TarArchiveFiles OpenArchive(string imagePath)
    {
        var file = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
        try
        {
            return new TarArchiveFiles(imagePath, file, Index(imagePath, file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public long? Length(string path) => _entries.TryGetValue(path, out var entry) ? entry.Length : null;

    public Stream Open(string path)
    {
        (long offset, long length) = _entries[path];
        return new FileRangeStream(_file.SafeFileHandle, offset, length);
    }

    public void Dispose() => _file.Dispose();

    private static Dictionary<string, (long Offset, long Length)> Index(string imagePath, FileStream file)
    {
        var data = new Dictionary<string, (Stream Data, long Length)>(StringComparer.Ordinal);
        string archiveName = Path.GetFileName(imagePath);
        try
        {
            // Over a seekable stream TarReader seeks past each entry's data instead of reading it.
            using var reader = new TarReader(file, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is TarEntry entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    continue;
                }

                string path = ImagePaths.Normalize(entry.Name)
                    ?? throw new ImageFormatException(RuleCatalog.ImagePathTraversal, imagePath, archiveName, entry.Name);
                if (file.Position > file.Length)
                {
                    throw new ImageFormatException(RuleCatalog.ImageArchiveCorrupt, imagePath, archiveName, new EndOfStreamException().Message);
                }

                data[path] = (entry.DataStream ?? Stream.Null, entry.Length);
            }

            return data.ToDictionary(d => d.Key, d => (DataOffset(file, d.Value.Data), d.Value.Length), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            throw new ImageFormatException(RuleCatalog.ImageArchiveCorrupt, imagePath, archiveName, e, e.Message);
        }
    }

    /// <summary>
    /// Where an entry's data starts in the file. TarEntry.DataOffset is .NET 9+; until then, reading the first byte
    /// through the entry's data stream, which seeks the archive to that byte, reveals it.
    /// </summary>
    private static long DataOffset(FileStream file, Stream data)
    {
        if (data.ReadByte() < 0)
        {
            return 0;
        }

        return file.Position - 1;
    }
}
