using System.Globalization;

namespace ContainerHardening.Normalization;

/// <summary>
/// Remembers which image a file written by this package holds, so an unchanged rebuild keeps the file instead of
/// writing the same bytes again. The file's length and last write time are recorded with the digest: a file that
/// anyone changed since no longer matches and is written anew. For an image layout directory the stamp covers its
/// index.json, which names every other blob by digest.
/// </summary>
public sealed class OutputStamp(string stampFile)
{
    public const string Extension = ".stamp";

    private const string LayoutIndexFile = "index.json";

    /// <summary>Whether <paramref name="path"/> is still the file recorded for <paramref name="digest"/>.</summary>
    public bool Matches(string path, string digest) =>
        File.Exists(stampFile) && StampedFile(path) is FileInfo file
        && string.Equals(File.ReadAllText(stampFile), Describe(file, digest), StringComparison.Ordinal);

    public void Record(string path, string digest)
    {
        FileInfo file = StampedFile(path) ?? throw new FileNotFoundException("The file to stamp does not exist.", path);
        File.WriteAllText(stampFile, Describe(file, digest));
    }

    public void Delete() => File.Delete(stampFile);

    private static FileInfo? StampedFile(string path)
    {
        var file = new FileInfo(Directory.Exists(path) ? Path.Combine(path, LayoutIndexFile) : path);
        return file.Exists ? file : null;
    }

    private static string Describe(FileInfo file, string digest) =>
        string.Join('\n', digest, file.FullName, file.Length.ToString(CultureInfo.InvariantCulture),
            file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)) + "\n";
}
