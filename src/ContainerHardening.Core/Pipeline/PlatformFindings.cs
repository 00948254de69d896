using ContainerHardening.Diagnostics;

namespace ContainerHardening.Pipeline;

/// <summary>The findings of one platform's image in a multi-platform publish.</summary>
/// <param name="Platform">The runtime identifier (or os-architecture) the image was built for.</param>
public sealed record PlatformFindings(string Platform, IReadOnlyList<Finding> Findings)
{
    /// <summary>
    /// One list for the build log: a finding every platform's image has (a file of the shared base, a missing label)
    /// is reported once, as it is; one that only some images have is reported for each of them, its message starting
    /// with the platform, so the log says which image to fix.
    /// </summary>
    public static IReadOnlyList<Finding> Merge(IReadOnlyList<PlatformFindings> platforms)
    {
        var merged = new List<Finding>();
        var reported = new HashSet<Finding>();
        foreach (PlatformFindings platform in platforms)
        {
            foreach (Finding finding in platform.Findings)
            {
                if (platforms.All(p => p.Findings.Contains(finding)))
                {
                    if (reported.Add(finding))
                    {
                        merged.Add(finding);
                    }
                }
                else
                {
                    merged.Add(finding with { Message = $"[{platform.Platform}] {finding.Message}" });
                }
            }
        }

        return merged;
    }
}
