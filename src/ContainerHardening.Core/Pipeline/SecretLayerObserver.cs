using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;
using ContainerHardening.Secrets;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Scans every regular file of every layer it is given — files that a later layer deletes included, since they still
/// ship in the image — during the single layer pass. Findings carry fingerprints only, never values.
/// </summary>
internal sealed class SecretLayerObserver(SecretScanner scanner, SecretsBaseline baseline, long maxFileBytes) : ILayerObserver
{
    private readonly List<Finding> _findings = [];

    public IReadOnlyList<Finding> Findings => _findings;

    public long BytesScanned { get; private set; }

    public bool WantsContent(ImageEntry entry) => entry.Kind == EntryKind.File && entry.Size > 0 && entry.Size <= maxFileBytes;

    public void OnEntry(ImageEntry entry, Stream? content)
    {
        if (content is not null)
        {
            Add(scanner.ScanFile("/" + entry.Path, content, entry.Size));
        }
        else if (entry.Kind == EntryKind.File && entry.Size > maxFileBytes)
        {
            _findings.Add(new SecretScanSkip("/" + entry.Path, SecretSkipReason.TooLarge, maxFileBytes).ToFinding());
        }
    }

    /// <summary>Environment variables and labels of the image config: NAME=value pairs, reported by name.</summary>
    public void ScanConfig(IEnumerable<string> environment, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (string variable in environment)
        {
            int equals = variable.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? variable : variable[..equals];
            Add(scanner.ScanValue("env:" + name, name, equals < 0 ? "" : variable[(equals + 1)..]));
        }

        foreach ((string name, string value) in labels ?? new Dictionary<string, string>())
        {
            Add(scanner.ScanValue("label:" + name, name, value));
        }
    }

    private void Add(SecretScanResult result)
    {
        BytesScanned += result.BytesScanned;
        _findings.AddRange(baseline.Filter(result.Findings).Select(f => f.ToFinding()));
        _findings.AddRange(result.Skipped.Select(s => s.ToFinding()));
    }
}
