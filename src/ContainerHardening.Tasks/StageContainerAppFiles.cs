using ContainerHardening.Diagnostics;
using ContainerHardening.Staging;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Copies the files this publish produced into a private, freshly emptied directory, leaving out what a container
/// must not ship; the SDK then builds the app layer from that directory instead of the whole PublishDir.
/// </summary>
public sealed class StageContainerAppFiles : PolicyTask
{
    /// <summary>
    /// ResolvedFileToPublish items and the apphost, with RelativePath metadata: the SDK's own list of what this publish
    /// writes. Only their copies in <see cref="PublishDirectory"/> are staged, so files that a publish step folded away
    /// (single-file bundles, AOT) stay out.
    /// </summary>
    [Required] public ITaskItem[] PublishedFiles { get; set; } = [];

    /// <summary>The publish directory, where the published copies of those files are.</summary>
    [Required] public string PublishDirectory { get; set; } = "";

    [Required] public string StagingDirectory { get; set; } = "";

    public bool KeepDebugSymbols { get; set; }

    [Output] public ITaskItem[] ExcludedFiles { get; private set; } = [];

    /// <summary>Identifies the staged files (paths, sizes, times of their sources) so normalization can recognise an unchanged rebuild.</summary>
    [Output] public string AppFilesFingerprint { get; private set; } = "";

    protected override void ExecuteCore()
    {
        IEnumerable<PublishedFile> files = PublishedFiles.Select(item =>
        {
            string relative = item.GetMetadata("RelativePath");
            return new PublishedFile(Path.Combine(PublishDirectory, relative), relative);
        });

        try
        {
            StagedApp staged = ContainerAppStaging.Stage(files, StagingDirectory, KeepDebugSymbols);
            IReadOnlyList<ExcludedFile> excluded = staged.Excluded;
            AppFilesFingerprint = staged.Fingerprint;
            foreach (ExcludedFile file in excluded)
            {
                Log.LogMessage(MessageImportance.Normal, "ContainerHardening: left out of the image: {0} ({1})", file.RelativePath, file.Reason);
            }

            if (excluded.Count > 0)
            {
                Log.LogMessage(MessageImportance.High, "ContainerHardening: left out of the image: {0}", string.Join(", ", excluded.Select(f => f.RelativePath)));
            }

            ExcludedFiles = excluded
                .Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f.RelativePath, new Dictionary<string, string> { ["Reason"] = f.Reason }))
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Report([Finding.Create(RuleCatalog.StagingFailed, StagingDirectory, e.Message)]);
        }
    }
}
