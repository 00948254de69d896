namespace ContainerHardening.Analysis;

/// <summary>
/// Per-path values kept the way the merged filesystem keeps entries: a higher layer replaces a lower one, and a
/// whiteout or opaque directory removes what lower layers put at or under its path (never what its own layer added).
/// </summary>
internal sealed class LayeredFileMap<T>
{
    private readonly Dictionary<string, (T Value, int Layer)> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, T> Snapshot() => _values.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal);

    public void Set(ImageEntry entry, T value) => _values[entry.Path] = (value, entry.LayerIndex);

    /// <summary>Applies an entry that carries no value for this map: a whiteout, an opaque marker, or something else at a kept path.</summary>
    public void Apply(ImageEntry entry)
    {
        switch (entry.Kind)
        {
            case EntryKind.Whiteout:
                RemoveLower(entry, includeSelf: true);
                break;
            case EntryKind.OpaqueWhiteout:
                RemoveLower(entry, includeSelf: false);
                break;
            default:
                // A directory, link or device (or an unwanted file) now sits at the path: the old content is gone.
                _values.Remove(entry.Path);
                break;
        }
    }

    private void RemoveLower(ImageEntry by, bool includeSelf)
    {
        string prefix = by.Path.Length == 0 ? string.Empty : by.Path + "/";
        foreach (string path in _values.Keys.ToArray())
        {
            bool covered = (includeSelf && path == by.Path) || path.StartsWith(prefix, StringComparison.Ordinal);
            if (covered && _values[path].Layer < by.LayerIndex)
            {
                _values.Remove(path);
            }
        }
    }
}
