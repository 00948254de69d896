using ContainerHardening.Normalization;
using ContainerHardening.Rules;

namespace ContainerHardening.Pipeline;

/// <summary>Which runtime identifier each image of a multi-platform publish was built for.</summary>
public static class PlatformRuntimeIdentifiers
{
    /// <summary>
    /// The SDK lists the images in its index in the order of the RIDs it built them for; that order is trusted when
    /// the architectures agree. Otherwise the one RID of the image's architecture, or null when none or several fit.
    /// </summary>
    public static string?[] Match(IReadOnlyList<NormalizedPlatformImage> images, IReadOnlyList<string> runtimeIdentifiers)
    {
        string? ArchitectureOf(string rid) => RuntimeFacts.ParseRid(rid)?.Architecture;
        bool inOrder = images.Count == runtimeIdentifiers.Count
            && images.Select((image, i) => image.Architecture == ArchitectureOf(runtimeIdentifiers[i])).All(match => match);
        return images.Select((image, i) => inOrder ? runtimeIdentifiers[i]
                : runtimeIdentifiers.Where(rid => ArchitectureOf(rid) == image.Architecture).ToArray() is [string only] ? only : null)
            .ToArray();
    }
}
