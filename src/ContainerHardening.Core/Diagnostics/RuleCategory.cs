namespace ContainerHardening.Diagnostics;

/// <summary>The area a rule belongs to; each area owns one range of ids (see <see cref="DiagnosticIds"/>).</summary>
public enum RuleCategory
{
    Configuration,
    ImageConfig,
    ImageFilesystem,
    Secrets,
    SupplyChain,
    RuntimeCompatibility,
    Sbom,
    Dockerfile,
    SourceAnalyzer,
}
