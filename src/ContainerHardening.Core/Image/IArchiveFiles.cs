namespace ContainerHardening.Image;

/// <summary>The files of an image archive, whether a tar or a directory, by normalised relative path.</summary>
internal interface IArchiveFiles : IDisposable
{
    /// <summary>The archive as the user named it, for messages.</summary>
    string ImagePath { get; }

    /// <summary>The file's size, or null when the archive has no such regular file.</summary>
    long? Length(string path);

    Stream Open(string path);
}
