namespace ContainerHardening.Analysis;

/// <summary>
/// An observer that reads every file's content (the secret scanner) and so cannot be fed from a layer recording,
/// which keeps only small contents. Instead it hands over what it made of a layer, to be stored with the recording,
/// and takes it back when the layer is replayed; it gets no entries of a replayed layer.
/// </summary>
public interface IRecordableLayerObserver : ILayerObserver
{
    /// <summary>A stable name for its part of a recording.</summary>
    string RecordingName { get; }

    /// <summary>What it made of the layer with this index, as text to store.</summary>
    string SaveLayer(int layerIndex);

    /// <summary>Reads what <see cref="SaveLayer"/> gave for a layer; null when it cannot be read. Nothing is taken in yet.</summary>
    object? ParseLayer(string saved);

    /// <summary>Takes a parsed layer in, as if the layer with this index had been read.</summary>
    void TakeLayer(int layerIndex, object parsed);
}
