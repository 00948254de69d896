namespace ContainerHardening.Policy;

/// <summary>
/// Matches image paths against the globs of policy suppressions. <c>*</c> matches any characters within one path
/// segment, <c>?</c> one character other than <c>/</c>, and a segment that is exactly <c>**</c> matches zero or more
/// whole segments. Matching is case-sensitive, like the Linux file systems inside images, and a leading <c>/</c> is
/// optional on both sides because findings and users write image paths either way.
/// </summary>
public static class PathGlob
{
    public static bool IsMatch(string pattern, string path) =>
        MatchSegments(Split(pattern), Split(path));

    private static string[] Split(string path) => path.Trim('/').Split('/');

    private static bool MatchSegments(ReadOnlySpan<string> pattern, ReadOnlySpan<string> path)
    {
        while (pattern.Length > 0)
        {
            if (pattern[0] == "**")
            {
                // Try every number of segments for ** to swallow; patterns are short, so this stays cheap.
                for (int skip = 0; skip <= path.Length; skip++)
                {
                    if (MatchSegments(pattern[1..], path[skip..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (path.Length == 0 || !MatchSegment(pattern[0], path[0]))
            {
                return false;
            }

            pattern = pattern[1..];
            path = path[1..];
        }

        return path.Length == 0;
    }

    /// <summary>Wildcard match within one segment, with the usual linear backtrack to the last <c>*</c>.</summary>
    private static bool MatchSegment(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
