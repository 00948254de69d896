using System.Globalization;

namespace ContainerHardening.Tests.Infrastructure;

/// <summary>
/// Packs the ContainerHardening package once per test run into a private folder feed, with a version of its own so
/// that no copy of an earlier build in the NuGet cache can stand in for it.
/// </summary>
public sealed class LocalPackageFeed : IDisposable
{
    public LocalPackageFeed()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ch-feed-").FullName;
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        ProcessResult pack = ProcessRunner.Run(
            "dotnet",
            ["pack", Path.Combine(RepositoryRoot.Path, "src", "ContainerHardening", "ContainerHardening.csproj"),
             "-c", "Release", "-o", Directory, $"-p:Version={Version}"],
            RepositoryRoot.Path);
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing ContainerHardening failed:\n" + pack.Tail);
        }

        PackagePath = Path.Combine(Directory, $"ContainerHardening.{Version}.nupkg");
    }

    public string Directory { get; }

    public string Version { get; }

    public string PackagePath { get; }

    /// <summary>
    /// A fresh folder for one test project. Projects live under the feed's folder and go with it at the end of the run
    /// (each holds a few image archives, a few hundred megabytes); set CH_E2E_KEEP=1 to keep them for a look.
    /// </summary>
    public string NewProjectRoot() => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "projects", Guid.NewGuid().ToString("N")[..12])).FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CH_E2E_KEEP") != "1")
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
