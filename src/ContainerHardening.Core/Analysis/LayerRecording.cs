using System.Text.Json.Serialization;

namespace ContainerHardening.Analysis;

/// <summary>
/// One layer as the observers saw it: every entry, the contents of the entries an observer wanted (small files:
/// account databases, package databases, file heads), and what the recordable observers made of it. Replaying it
/// gives the observers exactly what reading the layer gave them.
/// </summary>
internal sealed record LayerRecording(IReadOnlyList<RecordedEntry> Entries, IReadOnlyDictionary<string, string> Observers);

/// <summary>An <see cref="ImageEntry"/> without its layer, and its content when an observer wanted it.</summary>
internal sealed record RecordedEntry(
    string Path,
    EntryKind Kind,
    int Mode,
    int Uid,
    int Gid,
    long Size,
    string? LinkTarget,
    DateTimeOffset ModificationTime,
    IReadOnlyDictionary<string, string>? ExtendedAttributes,
    byte[]? Content)
{
    public static RecordedEntry From(ImageEntry entry, byte[]? content) =>
        new(entry.Path, entry.Kind, (int)entry.Mode, entry.Uid, entry.Gid, entry.Size, entry.LinkTarget, entry.ModificationTime,
            entry.ExtendedAttributes.Count > 0 ? entry.ExtendedAttributes : null, content);

    public ImageEntry ToEntry(ImageLayer layer) =>
        new(Path, Kind, (UnixFileMode)Mode, Uid, Gid, Size, LinkTarget, ModificationTime,
            ExtendedAttributes ?? new Dictionary<string, string>(), layer.Index, layer.Digest);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LayerRecording))]
internal sealed partial class LayerRecordingJsonContext : JsonSerializerContext;
