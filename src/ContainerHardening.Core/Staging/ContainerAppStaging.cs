namespace ContainerHardening.Staging;

/// <summary>
/// Builds the directory the SDK turns into the app layer. The SDK packs the whole publish directory, stale files from
/// earlier publishes included; staging copies only the files this publish produced, minus the ones a container must
/// not ship, into a directory that is emptied first.
/// </summary>
public static class ContainerAppStaging
{
    public static StagedApp Stage(IEnumerable<PublishedFile> files, string stagingDirectory, bool keepDebugSymbols)
    {
        if (Directory.Exists(stagingDirectory))
        {
            Directory.Delete(stagingDirectory, recursive: true);
        }

        Directory.CreateDirectory(stagingDirectory);
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stagingDirectory));
        var excluded = new List<ExcludedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var staged = new List<string>();

        foreach (PublishedFile file in files)
        {
            string relative = file.RelativePath.Replace('\\', '/').TrimStart('/');
            if (!seen.Add(relative))
            {
                continue;
            }

            if (!File.Exists(file.SourcePath))
            {
                continue;
            }

            if (AppFileExclusions.ReasonToExclude(relative, keepDebugSymbols) is string reason)
            {
                excluded.Add(new ExcludedFile(relative, reason));
                continue;
            }

            string destination = Path.GetFullPath(Path.Combine(root, relative));
            if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Published file '{file.RelativePath}' would land outside the app directory.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file.SourcePath, destination, overwrite: true);
            var source = new FileInfo(file.SourcePath);
            staged.Add(FormattableString.Invariant($"{relative}|{source.FullName}|{source.Length}|{source.LastWriteTimeUtc.Ticks}"));
        }

        excluded.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        staged.Sort(StringComparer.Ordinal);
        return new StagedApp(excluded, ContentKey.Of(staged));
    }
}

/// <param name="Excluded">Published files left out, in path order.</param>
/// <param name="Fingerprint">
/// Identifies the staged files by path, size and last write time of their sources — what MSBuild's own incremental
/// build trusts — so an unchanged rebuild is recognised without reading any file.
/// </param>
public sealed record StagedApp(IReadOnlyList<ExcludedFile> Excluded, string Fingerprint);
