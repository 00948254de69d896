using ContainerHardening.Defaults;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Normalization;
using ContainerHardening.Pipeline;
using ContainerHardening.Rules;
using ContainerHardening.Sbom;
using ContainerHardening.TimeZones;
using Microsoft.Build.Framework;

namespace ContainerHardening.Tasks;

/// <summary>
/// Validates the image that was actually built — config, every layer, runtime compatibility, base image — in one pass
/// over its bytes, and writes its SBOMs from the same pass.
/// </summary>
public sealed class AnalyzeContainerImage : PolicyTask
{
    [Required] public string ImagePath { get; set; } = "";
    [Required] public string ImageName { get; set; } = "";
    public ITaskItem[] Tags { get; set; } = [];
    public string BaseImage { get; set; } = "";

    public string InvariantGlobalization { get; set; } = "";
    public ITaskItem[] RuntimeHostConfigurationOptions { get; set; } = [];
    public ITaskItem[] FrameworkReferences { get; set; } = [];

    /// <summary>The app's own compiled assemblies, read for time zone lookups (see <see cref="TimeZoneLookupReader"/>).</summary>
    public ITaskItem[] AppAssemblies { get; set; } = [];
    public bool SelfContained { get; set; }
    public bool PublishAot { get; set; }
    public string RuntimeIdentifier { get; set; } = "";
    public string AssemblyName { get; set; } = "";
    public string TargetFrameworkVersion { get; set; } = "";
    public string AppDirectory { get; set; } = "/app";

    /// <summary>An explicit secrets baseline file; empty to use the nearest one above the project.</summary>
    public string SecretsBaseline { get; set; } = "";

    public string SbomFormat { get; set; } = "";
    public string SbomDirectory { get; set; } = "";
    public string ProjectAssetsFile { get; set; } = "";

    /// <summary>The project's own RuntimeIdentifier: the assets file has a RID-specific target only when it is set.</summary>
    public string ProjectRuntimeIdentifier { get; set; } = "";
    public string TargetFramework { get; set; } = "";
    public string Version { get; set; } = "";
    public string RepositoryUrl { get; set; } = "";
    public string SourceRevisionId { get; set; } = "";
    public string SourceDateEpoch { get; set; } = "";

    /// <summary>The digest of the image to analyse, from the normalization; it keys the analysis cache.</summary>
    public string ImageDigest { get; set; } = "";

    /// <summary>Where analyses of unchanged images are remembered; empty for no cache.</summary>
    public string CacheDirectory { get; set; } = "";

    /// <summary>
    /// The images of a multi-platform publish, from NormalizeContainerImage: each item a manifest digest with the
    /// RuntimeIdentifier and Platform it was built for. Empty for a single image.
    /// </summary>
    public ITaskItem[] PlatformImages { get; set; } = [];

    [Output] public string ManifestDigest { get; private set; } = "";

    /// <summary>
    /// The SBOM files; for a multi-platform image each has the ManifestDigest of the image it describes and its
    /// Platform (the RID).
    /// </summary>
    [Output] public ITaskItem[] SbomFiles { get; private set; } = [];

    protected override void ExecuteCore()
    {
        var problems = new List<Finding>();
        SbomFormats formats = SbomFormatWords.Parse(SbomFormat, problems);
        Report(problems);

        // What the app is does not depend on the platform: its assemblies are read once.
        bool invariant = HardenedDefaults.IsGlobalizationInvariant(new ContainerProjectFacts
        {
            InvariantGlobalization = InvariantGlobalization,
            RuntimeInvariantGlobalizationOption = ProjectItems.InvariantGlobalizationOption(RuntimeHostConfigurationOptions),
        });
        var app = new AppFacts(
            InvariantGlobalization: invariant,
            SelfContained: SelfContained,
            PublishAot: PublishAot,
            UsesAspNetCore: ProjectItems.UsesAspNetCore(FrameworkReferences),
            TimeZoneLookup: TimeZoneLookupReader.Find(ProjectItems.AppAssemblyPaths(AppAssemblies, ProjectDirectory)),
            RuntimeIdentifier: RuntimeIdentifier.Length > 0 ? RuntimeIdentifier : null,
            AssemblyName: AssemblyName,
            TargetFrameworkVersion: TargetFrameworkVersion.Length > 0 ? TargetFrameworkVersion : null);
        if (PlatformImages.Length == 0)
        {
            (ManifestDigest, IReadOnlyList<Finding> findings, SbomFiles) = AnalyzeImage(null, ImageDigest, app, ProjectRuntimeIdentifier, SbomDirectory, formats);
            Report(findings);
            return;
        }

        var platforms = new List<PlatformFindings>();
        var sboms = new List<ITaskItem>();
        foreach (ITaskItem platform in PlatformImages)
        {
            string rid = platform.GetMetadata("RuntimeIdentifier");
            string label = rid.Length > 0 ? rid : platform.GetMetadata("Platform").Replace('/', '-');
            Log.LogMessage(MessageImportance.Normal, "ContainerHardening: validating the {0} image {1}", label, platform.ItemSpec);
            AppFacts platformApp = app with { RuntimeIdentifier = rid.Length > 0 ? rid : null };
            (_, IReadOnlyList<Finding> findings, ITaskItem[] files) = AnalyzeImage(platform.ItemSpec, platform.ItemSpec, platformApp, rid, Path.Combine(SbomDirectory, label), formats);
            platforms.Add(new PlatformFindings(label, findings));
            foreach (ITaskItem file in files)
            {
                file.SetMetadata("ManifestDigest", platform.ItemSpec);
                file.SetMetadata("Platform", label);
                sboms.Add(file);
            }
        }

        ManifestDigest = ImageDigest;
        SbomFiles = [.. sboms];
        Report(PlatformFindings.Merge(platforms));
    }

    /// <param name="manifestDigest">The image to read in a multi-platform layout; null for the only one.</param>
    /// <param name="imageDigest">What the analysis cache is keyed by; empty for no cache.</param>
    private (string ManifestDigest, IReadOnlyList<Finding> Findings, ITaskItem[] SbomFiles) AnalyzeImage(
        string? manifestDigest, string imageDigest, AppFacts app, string assetsRuntimeIdentifier, string sbomDirectory, SbomFormats formats)
    {
        var request = new ImageAnalysisRequest
        {
            ImagePath = ImagePath,
            ManifestDigest = manifestDigest,
            ImageName = ImageName,
            Tag = Tags.FirstOrDefault()?.ItemSpec,
            AppDirectory = AppDirectory,
            App = app,
            BaseImage = BaseImage.Length > 0 ? BaseImageReference.Parse(BaseImage) : null,
            Policy = Policy.Options,
            LayerCacheDirectory = CacheDirectory.Length > 0 ? Path.Combine(CacheDirectory, "layers") : null,
            SecretsBaselineFile = SecretsBaseline.Length > 0 ? Path.GetFullPath(SecretsBaseline, ProjectDirectory) : Secrets.SecretsBaseline.Locate(ProjectDirectory),
            Sbom = formats == SbomFormats.None ? null : new SbomRequest(
                new SbomApplication(AssemblyName, Version)
                {
                    RepositoryUrl = RepositoryUrls.ForLabel(RepositoryUrl) is { Length: > 0 } url ? url : null,
                    Commit = SourceRevisionId.Length > 0 ? SourceRevisionId : null,
                    TargetFramework = TargetFramework,
                    RuntimeIdentifier = app.RuntimeIdentifier,
                    SelfContained = SelfContained,
                    PublishAot = PublishAot,
                },
                ProjectAssetsFile,
                new NuGetAssetsTarget(TargetFramework, assetsRuntimeIdentifier.Length > 0 ? assetsRuntimeIdentifier : null)),
        };

        var cache = new AnalysisCache(CacheDirectory);
        // request.App is part of the key and carries what was read from the app's assemblies (the time zone lookup), so
        // an app whose code changed that answer is never served an earlier analysis.
        string key = AnalysisCache.Key(
            [imageDigest, ToolVersion.Value, ImageName, string.Join(",", Tags.Select(t => t.ItemSpec)), BaseImage, request.App.ToString(), AppDirectory,
             formats.ToString(), Version, RepositoryUrl, SourceRevisionId, SourceDateEpoch, TargetFramework, assetsRuntimeIdentifier],
            [Policy.PolicyFile, request.SecretsBaselineFile, ProjectAssetsFile]);
        bool cacheable = CacheDirectory.Length > 0 && imageDigest.Length > 0;
        string entry = cacheable ? cache.EntryDirectory(key) : sbomDirectory;
        if (cacheable && cache.TryRead(key) is { } cached)
        {
            Log.LogMessage(MessageImportance.Normal, "ContainerHardening: {0} was analysed before with the same inputs; reusing that analysis", imageDigest);
            return (imageDigest, cached, CopySboms(entry, sbomDirectory));
        }

        ImageAnalysis analysis = ImageAnalyzer.Analyze(request);
        if (analysis.LayersReplayed > 0)
        {
            Log.LogMessage(MessageImportance.Normal, "ContainerHardening: {0} base layer(s) seen before were replayed from {1}", analysis.LayersReplayed, request.LayerCacheDirectory);
        }

        var findings = new List<Finding>(analysis.Findings);
        ITaskItem[] sbomFiles = [];
        if (analysis.Inventory is SbomInventory inventory)
        {
            DateTimeOffset timestamp = NormalizationOptions.ParseSourceDateEpoch(SourceDateEpoch)
                ?? inventory.Image.Created ?? DateTimeOffset.UtcNow;
            try
            {
                IReadOnlyList<string> written = ContainerHardening.Sbom.SbomFiles.Write(entry, inventory, new SbomWriteOptions(timestamp, ToolVersion.Value), formats);
                sbomFiles = cacheable ? CopySboms(entry, sbomDirectory) : [.. written.Select(path => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(path))];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                findings.Add(Finding.Create(RuleCatalog.ReportNotWritten, sbomDirectory, e.Message));
            }
        }

        // Only an image that could be read completely is remembered; a broken one is analysed again next time.
        if (cacheable && analysis.ManifestDigest == imageDigest)
        {
            cache.Write(key, analysis.Findings);
        }

        return (analysis.ManifestDigest, findings, sbomFiles);
    }

    /// <summary>Copies the SBOMs kept with a cache entry to where the user finds them.</summary>
    private static ITaskItem[] CopySboms(string entry, string sbomDirectory)
    {
        if (!Directory.Exists(entry))
        {
            return [];
        }

        Directory.CreateDirectory(sbomDirectory);
        return Directory.GetFiles(entry, "sbom.*.json").Order(StringComparer.Ordinal).Select(file =>
        {
            string target = Path.Combine(sbomDirectory, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            return (ITaskItem)new Microsoft.Build.Utilities.TaskItem(target);
        }).ToArray();
    }
}
