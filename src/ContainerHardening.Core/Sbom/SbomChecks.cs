using ContainerHardening.Diagnostics;

namespace ContainerHardening.Sbom;

/// <summary>The findings about the inventory itself, as opposed to the files it was read from.</summary>
public static class SbomChecks
{
    /// <summary>
    /// CH6001 for each NuGet package without a license expression, license file or license URL, after duplicates are
    /// merged the way the writers merge them (so a package is reported only when the SBOM really shows no license).
    /// </summary>
    public static IReadOnlyList<Finding> Check(SbomInventory inventory) =>
        [.. SbomGraph.Of(inventory).Components
            .Where(c => c.Kind == SbomComponentKind.NuGetPackage && c.License is null)
            .Select(c => Finding.Create(RuleCatalog.SbomPackageWithoutLicense, c.Name, c.Version) with { Subject = c.Name })];
}
