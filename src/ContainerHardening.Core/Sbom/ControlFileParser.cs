namespace ContainerHardening.Sbom;

/// <summary>One paragraph of a Debian control-style file (dpkg status, apk installed), with the line it starts on.</summary>
internal sealed record ControlParagraph(int Line, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Splits deb822-style text into paragraphs: "Field: value" lines, continuation lines starting with a space or tab,
/// paragraphs separated by blank lines. Field names compare case-insensitively (deb822) or exactly (apk, where
/// 'A' is the architecture and 'a' a file's owner). Lines that are neither are reported
/// by number and skipped.
/// </summary>
internal static class ControlFileParser
{
    public static (List<ControlParagraph> Paragraphs, List<int> BadLines) Parse(string text, bool caseSensitive = false)
    {
        var paragraphs = new List<ControlParagraph>();
        var badLines = new List<int>();
        Dictionary<string, string>? fields = null;
        string? last = null;
        int start = 0;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (fields is not null && last is not null)
                {
                    fields[last] += "\n" + line.Trim();
                }
                else
                {
                    badLines.Add(i + 1);
                }

                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(char.IsWhiteSpace))
            {
                badLines.Add(i + 1);
                continue;
            }

            if (fields is null)
            {
                fields = new Dictionary<string, string>(caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
                start = i + 1;
            }

            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }

        Flush();
        return (paragraphs, badLines);

        void Flush()
        {
            if (fields is not null)
            {
                paragraphs.Add(new ControlParagraph(start, fields));
            }

            fields = null;
            last = null;
        }
    }

    /// <summary>Reads a stream as UTF-8 text; null when it holds NUL bytes (a binary file, not a package database).</summary>
    public static string? ReadText(Stream stream)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        string text = reader.ReadToEnd();
        return text.Contains('\0', StringComparison.Ordinal) ? null : text;
    }

    /// <summary>
    /// Reads a package database from <paramref name="stream"/> with <paramref name="read"/>; a binary file instead of
    /// text is a CH6002 problem and no packages.
    /// </summary>
    public static SbomReadResult<IReadOnlyList<SbomComponent>> ReadDatabase(
        Stream stream, string path, Func<string, SbomReadResult<IReadOnlyList<SbomComponent>>> read)
    {
        string? text = ReadText(stream);
        return text is null ? new([], [SbomInputProblem.InImage(path, "Binary")]) : read(text);
    }
}
