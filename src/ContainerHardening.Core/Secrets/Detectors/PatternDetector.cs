using System.Text.RegularExpressions;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets.Detectors;

/// <summary>
/// Where a detector looks around a keyword: whole lines (at most <see cref="Before"/>/<see cref="After"/> characters of
/// them, so a minified one-line file stays cheap) or a fixed span.
/// </summary>
internal readonly record struct Window(int Before, int After, bool Lines)
{
    public static Window Line(int before = 256, int after = 1024) => new(before, after, true);

    public static Window Span(int before, int after) => new(before, after, false);
}

/// <summary>
/// The common detector shape: keyword, then a source-generated pattern over a small window, then validation. A pattern
/// names the secret part <c>value</c> (or the whole match is the secret).
/// </summary>
internal class PatternDetector(string id, RuleInfo rule, int priority, string[] keywords, Window window, Regex[] patterns, Func<TextScanContext, Match, Group, int, bool>? accept = null, bool checkPlaceholder = true, Func<TextScanContext, int, bool>? precheck = null)
    : SecretDetector(id, rule, priority, keywords)
{
    /// <summary>The longest secret a fixed window may cut in two; the next hit rescans that tail.</summary>
    private const int Overlap = 256;

    public override int Inspect(TextScanContext context, int hit)
    {
        // A cheap look at the characters right after the keyword rules out most hits (a "token" in code that is no
        // assignment) before any window or pattern is computed.
        if (precheck is not null && !precheck(context, hit))
        {
            return hit + 1;
        }

        ReadOnlySpan<char> text = context.Text;
        int start, end;
        if (window.Lines)
        {
            start = context.LineStart(hit, window.Before);
            end = context.LineEnd(hit, window.After);
        }
        else
        {
            start = context.Clamp((long)hit - window.Before);
            end = context.Clamp((long)hit + window.After);
        }

        foreach (Regex pattern in patterns)
        {
            // Find on the span (no allocation); only a real match is copied out to read its groups. The copy starts at
            // the match, so the pattern's look-arounds at its edges were already checked on the window.
            foreach (ValueMatch found in pattern.EnumerateMatches(text[start..end]))
            {
                int offset = start + found.Index;
                Match match = pattern.Match(new string(text.Slice(offset, found.Length)));
                if (!match.Success)
                {
                    continue;
                }

                Group value = match.Groups["value"];
                if (!value.Success)
                {
                    value = match;
                }

                if ((!checkPlaceholder || !SecretValue.IsPlaceholder(value.ValueSpan)) && (accept is null || accept(context, match, value, offset)))
                {
                    context.Report(this, offset + value.Index, value.Length);
                }
            }
        }

        bool endsAtLineBreak = end >= text.Length || text[end] is '\n' or '\r';
        return window.Lines && endsAtLineBreak ? end : Math.Max(hit + 1, end - Overlap);
    }
}
