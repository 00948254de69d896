using ContainerHardening.Image;
using ContainerHardening.Policy;
using ContainerHardening.Rules;
using ContainerHardening.Sbom;

namespace ContainerHardening.Pipeline;

/// <summary>What the build knows about an image it just produced, for the checks and the SBOM.</summary>
public sealed record ImageAnalysisRequest
{
    /// <summary>The image: an OCI layout (tar or folder) or a docker-load tar.</summary>
    public required string ImagePath { get; init; }

    /// <summary>The name the image is published as (repository, or registry/repository), for messages and the SBOM.</summary>
    public required string ImageName { get; init; }

    public string? Tag { get; init; }

    /// <summary>The image to analyse when <see cref="ImagePath"/> holds several (a multi-platform publish); null for the only one.</summary>
    public string? ManifestDigest { get; init; }

    /// <summary>The SDK adds exactly one layer, the app's, on top of the base image.</summary>
    public int AppLayerCount { get; init; } = 1;

    public string AppDirectory { get; init; } = "/app";

    public AppFacts App { get; init; } = AppFacts.Unknown;

    public BaseImageReference? BaseImage { get; init; }

    public PolicyOptions Policy { get; init; } = PolicyOptions.None;

    /// <summary>Scan every file of every layer, and the config's environment and labels, for secrets.</summary>
    public bool ScanSecrets { get; init; } = true;

    /// <summary>container-hardening.secrets.baseline.json with findings accepted on purpose; null when there is none.</summary>
    public string? SecretsBaselineFile { get; init; }

    /// <summary>
    /// Where base layers are recorded and replayed from (see <see cref="Analysis.LayerStore"/>); null to read every layer.
    /// </summary>
    public string? LayerCacheDirectory { get; init; }

    /// <summary>The application and its NuGet graph for the SBOM; null to write no SBOM.</summary>
    public SbomRequest? Sbom { get; init; }
}

/// <summary>What only the build knows for the SBOM: the application and where its NuGet graph is.</summary>
public sealed record SbomRequest(SbomApplication Application, string ProjectAssetsFile, NuGetAssetsTarget Target);
