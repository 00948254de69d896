namespace ContainerHardening.Analysis;

/// <summary>
/// Rides along the reading of a base layer and records it for <see cref="LayerStore"/>: every entry, the contents the
/// other plain observers want, and, at the end, what the recordable observers made of the layer.
/// </summary>
internal sealed class LayerRecorder(IReadOnlyList<ILayerObserver> observers, long maxContentBytes) : ILayerObserver
{
    private readonly ILayerObserver[] _plain = observers.Where(o => o is not IRecordableLayerObserver).ToArray();
    private readonly List<RecordedEntry> _entries = [];
    private long _contentBytes;

    public bool WantsContent(ImageEntry entry) => _plain.Any(o => o.WantsContent(entry));

    public void OnEntry(ImageEntry entry, Stream? content)
    {
        byte[]? bytes = null;
        if (content is not null)
        {
            _contentBytes += entry.Size;
            if (_contentBytes <= maxContentBytes)
            {
                using var buffer = new MemoryStream((int)entry.Size);
                content.CopyTo(buffer);
                bytes = buffer.ToArray();
            }
        }

        _entries.Add(RecordedEntry.From(entry, bytes));
    }

    /// <summary>The recording, or null when the wanted contents were too large to be worth keeping.</summary>
    public LayerRecording? Finish(ImageLayer layer) =>
        _contentBytes > maxContentBytes
            ? null
            : new LayerRecording(_entries, observers.OfType<IRecordableLayerObserver>().ToDictionary(o => o.RecordingName, o => o.SaveLayer(layer.Index)));
}
