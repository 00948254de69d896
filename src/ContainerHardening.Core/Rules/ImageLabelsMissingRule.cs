using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>CH1009: the OCI provenance labels (source, revision, base digest) are in neither the config labels nor the manifest annotations.</summary>
internal sealed class ImageLabelsMissingRule : IImageRule
{
    private static readonly string[] RequiredLabels =
    [
        "org.opencontainers.image.source",
        "org.opencontainers.image.revision",
        "org.opencontainers.image.base.digest",
    ];

    public RuleInfo Info => RuleCatalog.ImageLabelsMissing;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts)
    {
        IReadOnlyDictionary<string, string> labels = facts.Container.Labels ?? new Dictionary<string, string>();
        string[] missing = RequiredLabels
            .Where(label => string.IsNullOrWhiteSpace(labels.GetValueOrDefault(label)) && string.IsNullOrWhiteSpace(facts.Annotations.GetValueOrDefault(label)))
            .ToArray();
        if (missing.Length > 0)
        {
            yield return Finding.Create(Info, string.Join(", ", missing)).About(facts.ImageName);
        }
    }
}
