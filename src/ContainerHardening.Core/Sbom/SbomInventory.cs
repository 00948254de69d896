namespace ContainerHardening.Sbom;

/// <summary>
/// Everything one SBOM describes: the image, the application in it and the components found. The writers sort and
/// deduplicate, so producers can add components in any order.
/// </summary>
public sealed record SbomInventory(SbomImage Image, SbomApplication? Application, IReadOnlyList<SbomComponent> Components)
{
    /// <summary>The operating system from /etc/os-release, when the image has one.</summary>
    public OsRelease? OperatingSystem { get; init; }
}

/// <summary>The image the SBOM describes.</summary>
/// <param name="Name">The repository the image is published to, e.g. <c>registry.example.com/shop/api</c>.</param>
/// <param name="ManifestDigest">The manifest digest, <c>sha256:&lt;64 hex&gt;</c>; it identifies the SBOM.</param>
public sealed record SbomImage(string Name, string ManifestDigest)
{
    public string? Tag { get; init; }

    public string? ConfigDigest { get; init; }

    public string? BaseImageName { get; init; }

    public string? BaseImageDigest { get; init; }

    /// <summary>Layer digests, bottom layer first.</summary>
    public IReadOnlyList<string> LayerDigests { get; init; } = [];

    public DateTimeOffset? Created { get; init; }
}

/// <summary>The .NET application published into the image.</summary>
public sealed record SbomApplication(string Name, string Version)
{
    public string? RepositoryUrl { get; init; }

    public string? Commit { get; init; }

    public string? TargetFramework { get; init; }

    public string? RuntimeIdentifier { get; init; }

    public bool SelfContained { get; init; }

    public bool PublishAot { get; init; }
}

/// <summary>What a component is; decides its CycloneDX type and SPDX purpose.</summary>
public enum SbomComponentKind
{
    /// <summary>A NuGet package the application ships.</summary>
    NuGetPackage,

    /// <summary>A .NET shared framework installed in the image (Microsoft.NETCore.App, …).</summary>
    DotNetFramework,

    /// <summary>A package of the image's operating system (deb, apk).</summary>
    OsPackage,
}

/// <summary>One component. <see cref="Purl"/> is its identity: the writers use it as bom-ref and sort by it.</summary>
public sealed record SbomComponent(SbomComponentKind Kind, string Name, string Version, string Purl)
{
    /// <summary>Lower-case hex SHA-512 (NuGet content hash) or SHA-256 (chisel), when known.</summary>
    public IReadOnlyList<SbomHash> Hashes { get; init; } = [];

    public SbomLicense? License { get; init; }

    /// <summary>For NuGet packages: referenced by the project itself rather than through another package.</summary>
    public bool? IsDirect { get; init; }

    /// <summary>Purls of the components this one depends on.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The file inside the image or on disk this component was read from.</summary>
    public string? Source { get; init; }
}

public enum SbomHashAlgorithm
{
    Sha256,
    Sha512,
}

/// <summary>A digest as lower-case hex.</summary>
public sealed record SbomHash(SbomHashAlgorithm Algorithm, string Hex);

/// <summary>
/// A declared license: an SPDX expression (NuGet's <c>&lt;license type="expression"&gt;</c>), or only a URL
/// (the deprecated <c>&lt;licenseUrl&gt;</c>), or free text that is not known to be an SPDX expression (apk's L: field).
/// </summary>
public sealed record SbomLicense(string? Expression = null, string? Url = null, string? Text = null);
