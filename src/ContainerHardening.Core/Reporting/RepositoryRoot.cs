namespace ContainerHardening.Reporting;

/// <summary>Finds the folder report paths are relative to, so code scanning tools can place results in the repository.</summary>
public static class RepositoryRoot
{
    /// <summary>The nearest folder at or above <paramref name="startDirectory"/> holding a .git entry; else the start itself.</summary>
    public static string Find(string startDirectory)
    {
        string start = Path.GetFullPath(startDirectory);
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            string git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}
