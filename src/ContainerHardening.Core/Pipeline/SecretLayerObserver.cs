using System.Text.Json;
using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;
using ContainerHardening.Secrets;

namespace ContainerHardening.Pipeline;

/// <summary>
/// Scans every regular file of every layer it is given — files that a later layer deletes included, since they still
/// ship in the image — during the single layer pass. Findings carry fingerprints only, never values. What a base layer
/// held is recorded as those findings (see <see cref="LayerStore"/>), before the baseline is applied, so a changed
/// baseline applies to replayed layers too.
/// </summary>
internal sealed class SecretLayerObserver(SecretScanner scanner, SecretsBaseline baseline, long maxFileBytes) : IRecordableLayerObserver
{
    private const int ConfigLayer = -1;

    private readonly List<(int Layer, SecretScanResult Result)> _results = [];

    public IReadOnlyList<Finding> Findings =>
    [
        .. _results.SelectMany(r => baseline.Filter(r.Result.Findings).Select(f => f.ToFinding()).Concat(r.Result.Skipped.Select(s => s.ToFinding()))),
    ];

    public long BytesScanned => _results.Sum(r => r.Result.BytesScanned);

    public string RecordingName => "secrets";

    public bool WantsContent(ImageEntry entry) => entry.Kind == EntryKind.File && entry.Size > 0 && entry.Size <= maxFileBytes;

    public void OnEntry(ImageEntry entry, Stream? content)
    {
        if (content is not null)
        {
            _results.Add((entry.LayerIndex, scanner.ScanFile("/" + entry.Path, content, entry.Size)));
        }
        else if (entry.Kind == EntryKind.File && entry.Size > maxFileBytes)
        {
            _results.Add((entry.LayerIndex, new SecretScanResult([], [new SecretScanSkip("/" + entry.Path, SecretSkipReason.TooLarge, maxFileBytes)], 0)));
        }
    }

    /// <summary>Environment variables and labels of the image config: NAME=value pairs, reported by name.</summary>
    public void ScanConfig(IEnumerable<string> environment, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (string variable in environment)
        {
            int equals = variable.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? variable : variable[..equals];
            _results.Add((ConfigLayer, scanner.ScanValue("env:" + name, name, equals < 0 ? "" : variable[(equals + 1)..])));
        }

        foreach ((string name, string value) in labels ?? new Dictionary<string, string>())
        {
            _results.Add((ConfigLayer, scanner.ScanValue("label:" + name, name, value)));
        }
    }

    public string SaveLayer(int layerIndex) =>
        SecretScanRecords.Write(_results.Where(r => r.Layer == layerIndex).Select(r => r.Result));

    public object? ParseLayer(string saved) => SecretScanRecords.Read(saved);

    public void TakeLayer(int layerIndex, object parsed) =>
        _results.AddRange(((IReadOnlyList<SecretScanResult>)parsed).Select(result => (layerIndex, result)));
}
