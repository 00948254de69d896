using ContainerHardening.Secrets.Detectors;

namespace ContainerHardening.Secrets;

/// <summary>Runs every detector over one text: a single keyword pass, then each detector only where its keywords are.</summary>
internal static class SecretTextEngine
{
    private static readonly IReadOnlyList<SecretDetector> Detectors = DetectorCatalog.All;
    private static readonly (KeywordIndex Index, int[][] DetectorsByKeyword) Compiled = Compile();

    public static void Scan(TextScanContext context)
    {
        var state = new PassState(context, new int[Detectors.Count]);
        Compiled.Index.Scan(context.Text, ref state, OnHit);
        foreach (SecretDetector detector in Detectors)
        {
            detector.InspectFile(context);
        }
    }

    private static void OnHit(ref PassState state, int keyword, int start)
    {
        foreach (int d in Compiled.DetectorsByKeyword[keyword])
        {
            if (start >= state.CoveredUntil[d])
            {
                state.CoveredUntil[d] = Detectors[d].Inspect(state.Context, start);
            }
        }
    }

    private static (KeywordIndex, int[][]) Compile()
    {
        var keywords = new List<string>();
        var owners = new List<List<int>>();
        for (int d = 0; d < Detectors.Count; d++)
        {
            foreach (string keyword in Detectors[d].Keywords)
            {
                int k = keywords.FindIndex(existing => string.Equals(existing, keyword, StringComparison.OrdinalIgnoreCase));
                if (k < 0)
                {
                    keywords.Add(keyword);
                    owners.Add([]);
                    k = keywords.Count - 1;
                }

                owners[k].Add(d);
            }
        }

        return (new KeywordIndex(keywords), owners.Select(o => o.ToArray()).ToArray());
    }

    private readonly record struct PassState(TextScanContext Context, int[] CoveredUntil);
}
