namespace ContainerHardening.Tests;

/// <summary>Finds the repository root (the folder holding ContainerHardening.sln) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ContainerHardening.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ContainerHardening.sln not found above " + AppContext.BaseDirectory);
    }
}
