using ContainerHardening.Staging;

namespace ContainerHardening.Tests.Staging;

public sealed class ContainerAppStagingTests() : TemporaryFolderTests("ch-staging-")
{
    [Fact]
    public void Only_listed_wanted_files_reach_the_staging_directory()
    {
        string publish = Path.Combine(Folder, "publish");
        string staging = Path.Combine(Folder, "staging");
        Write(publish, "App.dll", "App.pdb", "appsettings.json", "appsettings.Development.json", "wwwroot/site.css", "Stale.dll");
        Write(staging, "LeftOver.dll");

        IReadOnlyList<ExcludedFile> excluded = ContainerAppStaging.Stage(
            new[] { "App.dll", "App.pdb", "appsettings.json", "appsettings.Development.json", "wwwroot/site.css", "Bundled.dll" }
                .Select(p => new PublishedFile(Path.Combine(publish, p), p)),
            staging,
            keepDebugSymbols: false).Excluded;

        Assert.Equal(["App.pdb", "appsettings.Development.json"], excluded.Select(e => e.RelativePath));
        Assert.Equal(
            ["App.dll", "appsettings.json", "wwwroot/site.css"],
            Directory.GetFiles(staging, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_fingerprint_changes_when_a_staged_file_changes_and_only_then()
    {
        string publish = Path.Combine(Folder, "publish");
        Write(publish, "App.dll", "App.pdb");
        PublishedFile[] files = [new(Path.Combine(publish, "App.dll"), "App.dll"), new(Path.Combine(publish, "App.pdb"), "App.pdb")];
        string Stage() => ContainerAppStaging.Stage(files, Path.Combine(Folder, "staging"), keepDebugSymbols: false).Fingerprint;

        string first = Stage();
        string again = Stage();
        File.SetLastWriteTimeUtc(Path.Combine(publish, "App.pdb"), DateTime.UtcNow.AddMinutes(1));
        string excludedChanged = Stage();
        File.AppendAllText(Path.Combine(publish, "App.dll"), "rebuilt");
        string appChanged = Stage();

        Assert.Equal(first, again);
        Assert.Equal(first, excludedChanged);
        Assert.NotEqual(first, appChanged);
    }

    [Fact]
    public void A_relative_path_that_escapes_the_app_directory_is_refused()
    {
        string publish = Path.Combine(Folder, "publish");
        Write(publish, "evil.dll");

        Assert.Throws<InvalidDataException>(() => ContainerAppStaging.Stage(
            [new PublishedFile(Path.Combine(publish, "evil.dll"), "../evil.dll")],
            Path.Combine(Folder, "staging"),
            keepDebugSymbols: false));
    }

    private static void Write(string directory, params string[] relativePaths)
    {
        foreach (string relative in relativePaths)
        {
            string path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, relative);
        }
    }
}
