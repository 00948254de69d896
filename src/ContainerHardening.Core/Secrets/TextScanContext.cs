namespace ContainerHardening.Secrets;

/// <summary>The text of one file (or value) being scanned, and the findings reported for it so far.</summary>
internal sealed class TextScanContext(string path, ReadOnlyMemory<char> text, bool lineIsOrdinal = false)
{
    /// <summary>A file with more secrets than this is reported with its first ones; one is enough to fail the build.</summary>
    public const int MaxFindingsPerFile = 1000;

    private readonly List<Candidate> _candidates = [];
    private int _lineCacheOffset;
    private int _lineCacheLine = 1;
    private int _lineCacheStart;

    public string Path { get; } = path;

    /// <summary>The text; it may live in a pooled buffer, so nothing may keep it after the scan.</summary>
    public ReadOnlySpan<char> Text => text.Span;

    public int Length => text.Length;

    /// <summary>The file name, lower case, without directories (a detector may look at it, e.g. <c>.npmrc</c>).</summary>
    public string FileName { get; } = System.IO.Path.GetFileName(path.Replace('\\', '/').TrimEnd('/')).ToLowerInvariant();

    public int Count => _candidates.Count;

    /// <summary>Records a secret found at <paramref name="start"/> with <paramref name="length"/> characters; only its fingerprint is kept.</summary>
    public void Report(SecretDetector detector, int start, int length)
    {
        if (_candidates.Count >= MaxFindingsPerFile)
        {
            return;
        }

        _candidates.Add(new(detector, start, length, SecretFingerprint.Of(Text.Slice(start, length))));
    }

    /// <summary>Start of the line holding <paramref name="index"/>, but no more than <paramref name="max"/> characters back.</summary>
    public int LineStart(int index, int max = 512)
    {
        int limit = Math.Max(0, index - max);
        int nl = Text[limit..index].LastIndexOfAny('\n', '\r');
        return nl < 0 ? limit : limit + nl + 1;
    }

    /// <summary>End (exclusive) of the line holding <paramref name="index"/>, but no more than <paramref name="max"/> characters on.</summary>
    public int LineEnd(int index, int max = 1024)
    {
        int limit = (int)Math.Min(Length, (long)index + max);
        int nl = Text[index..limit].IndexOfAny('\n', '\r');
        return nl < 0 ? limit : index + nl;
    }

    public int Clamp(long index) => (int)Math.Clamp(index, 0, Length);

    /// <summary>The surviving findings: overlaps resolved by detector priority, sorted by position.</summary>
    public IEnumerable<SecretFinding> Findings()
    {
        Candidate[] sorted = [.. _candidates.OrderBy(c => c.Start).ThenByDescending(c => c.Detector.Priority)];
        var kept = new List<Candidate>();
        foreach (Candidate candidate in sorted)
        {
            bool beaten = sorted.Any(other => !ReferenceEquals(other, candidate)
                && other.Overlaps(candidate)
                && (other.Detector.Priority > candidate.Detector.Priority
                    || (other.Detector.Priority == candidate.Detector.Priority && other.Detector != candidate.Detector && string.CompareOrdinal(other.Detector.Id, candidate.Detector.Id) < 0)));
            bool duplicate = kept.Any(k => k.Detector == candidate.Detector && k.Start == candidate.Start);
            if (!beaten && !duplicate)
            {
                kept.Add(candidate);
            }
        }

        foreach (Candidate c in kept)
        {
            (int line, int column) = c.Length == 0 && c.Start == 0 ? (0, 0) : Position(c.Start);
            yield return new SecretFinding(c.Detector.Id, c.Detector.Rule, Path, line, column, c.Fingerprint);
        }
    }

    /// <summary>Reports a whole-file finding (a credential file by its name); it has no line and never overlaps.</summary>
    public void ReportFile(SecretDetector detector, SecretFingerprint fingerprint) =>
        _candidates.Add(new(detector, 0, 0, fingerprint));

    public bool HasFinding(Diagnostics.RuleInfo rule) => _candidates.Any(c => c.Detector.Rule == rule);

    private (int Line, int Column) Position(int offset)
    {
        if (offset < _lineCacheOffset)
        {
            (_lineCacheOffset, _lineCacheLine, _lineCacheStart) = (0, 1, 0);
        }

        ReadOnlySpan<char> span = Text[_lineCacheOffset..offset];
        int newlines = span.Count('\n');
        if (newlines > 0)
        {
            _lineCacheStart = _lineCacheOffset + span.LastIndexOf('\n') + 1;
        }

        _lineCacheLine += newlines;
        _lineCacheOffset = offset;
        return lineIsOrdinal ? (_lineCacheLine, 0) : (_lineCacheLine, offset - _lineCacheStart + 1);
    }

    private sealed record Candidate(SecretDetector Detector, int Start, int Length, SecretFingerprint Fingerprint)
    {
        public bool Overlaps(Candidate other) =>
            Length > 0 && other.Length > 0 && Start < other.Start + other.Length && other.Start < Start + Length;
    }
}
