using System.Text.Json;

namespace ContainerHardening.Analysis;

/// <summary>
/// Layer recordings on disk, one file per layer, keyed by the layer's digest and diff_id and by a signature of what
/// the observers look for (tool build, app directory, scan options): a base image's layers are read once and then
/// replayed for every publish of an app on that base, until the base or the tool changes. A record that cannot be
/// read is a miss; records not used for <see cref="RetentionDays"/> days are removed.
/// </summary>
public sealed class LayerStore
{
    private const int RetentionDays = 30;
    private const string Extension = ".layer.json";

    private readonly string _directory;
    private readonly string _signature;
    private readonly int _recordBelowIndex;

    /// <param name="recordBelowIndex">Layers with a lower index are recorded: the base image's, not the app's, which changes with every build.</param>
    public LayerStore(string directory, string signature, int recordBelowIndex)
    {
        _directory = directory;
        _signature = signature;
        _recordBelowIndex = recordBelowIndex;
    }

    /// <summary>How many layers were replayed and recorded, for the timing report and tests.</summary>
    public int Replayed { get; private set; }

    public int Recorded { get; private set; }

    internal bool ShouldRecord(ImageLayer layer) => layer.Index < _recordBelowIndex;

    internal LayerRecording? Load(ImageLayer layer)
    {
        string path = PathOf(layer);
        if (!ShouldRecord(layer) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            LayerRecording? recording = JsonSerializer.Deserialize(File.ReadAllBytes(path), LayerRecordingJsonContext.Default.LayerRecording);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return recording;
        }
        catch (JsonException)
        {
            // A damaged record costs one read of the layer, which writes it anew.
            return null;
        }
    }

    internal void Save(ImageLayer layer, LayerRecording recording)
    {
        Directory.CreateDirectory(_directory);
        Reporting.ReportFiles.WriteAtomically(PathOf(layer), stream => JsonSerializer.Serialize(stream, recording, LayerRecordingJsonContext.Default.LayerRecording));
        Recorded++;
        foreach (FileInfo stale in new DirectoryInfo(_directory).EnumerateFiles("*" + Extension)
            .Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-RetentionDays)))
        {
            stale.Delete();
        }
    }

    internal void CountReplay() => Replayed++;

    private string PathOf(ImageLayer layer)
    {
        return Path.Combine(_directory, ContentKey.Of([_signature, layer.Digest, layer.DiffId]) + Extension);
    }
}
