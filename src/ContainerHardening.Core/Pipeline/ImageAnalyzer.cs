using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Rules;
using ContainerHardening.Sbom;
using ContainerHardening.Secrets;

namespace ContainerHardening.Pipeline;

/// <summary>What one analysis found: the image's identity, the rule findings, and the SBOM inventory.</summary>
/// <param name="ManifestDigest">The manifest digest of the analysed image; empty when it could not be read.</param>
/// <param name="Inventory">Null when no SBOM was asked for or the image could not be read.</param>
public sealed record ImageAnalysis(string ManifestDigest, IReadOnlyList<Finding> Findings, SbomInventory? Inventory)
{
    /// <summary>Base layers replayed from the layer cache instead of being read.</summary>
    public int LayersReplayed { get; init; }
}

/// <summary>
/// Reads an image once — every layer streamed a single time — and feeds every check from that pass: the merged
/// filesystem and small files for the rules, the package databases for the SBOM. Everything after the pass works on
/// small in-memory models.
/// </summary>
public static class ImageAnalyzer
{
    public static ImageAnalysis Analyze(ImageAnalysisRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            using IImageSource source = ImageSource.Open(request.ImagePath, request.ManifestDigest);
            FileContentCollector inventoryFiles = CollectedImageFiles.Collector();
            SecretsBaseline baseline = request.SecretsBaselineFile is string baselineFile ? SecretsBaseline.Load(baselineFile) : SecretsBaseline.Empty;
            var options = new SecretScanOptions();
            var secrets = new SecretLayerObserver(new SecretScanner(options), baseline, options.MaxFileBytes);
            int baseLayerCount = Math.Max(0, source.Manifest.Layers.Count - request.AppLayerCount);
            ILayerObserver[] others = request.ScanSecrets ? [inventoryFiles, secrets] : [inventoryFiles];
            LayerStore? layerStore = request.LayerCacheDirectory is string layerCache
                ? new LayerStore(layerCache, string.Join('|', ToolBuild.Identity, request.AppDirectory, request.ScanSecrets, options), baseLayerCount)
                : null;
            ImageFacts facts = ImageFacts.Read(source, baseLayerCount, request.AppDirectory, others, layerStore, cancellationToken) with
            {
                ImageName = request.ImageName,
                App = request.App,
                BaseImage = request.BaseImage,
                Policy = request.Policy,
            };

            var findings = new List<Finding>(ImageRules.Check(facts));
            if (request.ScanSecrets)
            {
                secrets.ScanConfig(source.Config.Config?.Env ?? [], source.Config.Config?.Labels);
                findings.AddRange(baseline.Errors);
                findings.AddRange(secrets.Findings);
            }

            string digest = source.ManifestDigest ?? "";
            SbomInventory? inventory = null;
            if (request.Sbom is SbomRequest sbom)
            {
                inventory = Inventory(request, sbom, source, facts, new CollectedImageFiles(facts.Filesystem, inventoryFiles.Files), findings);
                findings.AddRange(SbomChecks.Check(inventory));
            }

            return new ImageAnalysis(digest, findings, inventory) { LayersReplayed = layerStore?.Replayed ?? 0 };
        }
        catch (ImageFormatException e)
        {
            return new ImageAnalysis("", [e.ToFinding()], null);
        }
    }

    private static SbomInventory Inventory(
        ImageAnalysisRequest request, SbomRequest sbom, IImageSource source, ImageFacts facts, IImageFileSource files, List<Finding> findings)
    {
        SbomReadResult<NuGetAssets> packages = NuGetAssetsReader.Read(sbom.ProjectAssetsFile, sbom.Target);
        SbomReadResult<ImageContents> contents = ImageInventoryReader.Read(files);
        findings.AddRange(packages.Findings);
        findings.AddRange(contents.Findings);

        var image = new SbomImage(request.ImageName, source.ManifestDigest ?? "")
        {
            Tag = request.Tag,
            ConfigDigest = source.Manifest.Config.Digest,
            BaseImageName = request.BaseImage is { } baseImage ? $"{baseImage.Registry}/{baseImage.Repository}" : null,
            BaseImageDigest = request.BaseImage?.Digest ?? Label(facts, "org.opencontainers.image.base.digest"),
            LayerDigests = source.Manifest.Layers.Select(l => l.Digest).ToArray(),
            Created = source.Config.Created,
        };
        return new SbomInventory(image, sbom.Application, [.. packages.Value.Packages, .. contents.Value.Components])
        {
            OperatingSystem = contents.Value.OperatingSystem,
        };
    }

    private static string? Label(ImageFacts facts, string name) =>
        facts.Config.Config?.Labels is { } labels && labels.TryGetValue(name, out string? value) ? value : null;
}
