namespace ContainerHardening.Tests;

/// <summary>Tests that each get a folder of their own under the system's temp folder, deleted with all it holds afterwards.</summary>
public abstract class TemporaryFolderTests(string prefix) : IDisposable
{
    /// <summary>The test's folder: it exists, empty, when the test starts.</summary>
    protected string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
