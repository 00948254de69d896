namespace ContainerHardening.Image;

/// <summary>An image layout unpacked into a directory.</summary>
internal sealed class DirectoryArchiveFiles(string directory) : IArchiveFiles
{
    public string ImagePath => directory;

    public long? Length(string path)
    {
        var file = new FileInfo(Resolve(path));
        return file.Exists ? file.Length : null;
    }

    public Stream Open(string path) => new FileStream(Resolve(path), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.SequentialScan);

    public void Dispose()
    {
    }

    // Callers pass normalised paths without "..", so the result stays inside the directory.
    private string Resolve(string path) => Path.Combine(directory, path);
}
