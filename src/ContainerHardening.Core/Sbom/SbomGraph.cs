using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContainerHardening.Sbom;

/// <summary>
/// The part both writers share: components deduplicated by purl and sorted ordinally, the references of the image,
/// base image, application and operating system, and the dependency edges (image → base image, application,
/// operating system, frameworks and OS packages; operating system → its packages; application → the packages it
/// references, plus any shipped package no other package pulls in; package → package).
/// </summary>
internal sealed class SbomGraph
{
    public const string PropertyPrefix = "containerhardening:";

    private SbomGraph(SbomInventory inventory)
    {
        Inventory = inventory;
        Components = [.. inventory.Components
            .GroupBy(c => c.Purl, StringComparer.Ordinal)
            .Select(Merge)
            .OrderBy(c => c.Purl, StringComparer.Ordinal)];
        ImageRef = PackageUrl.Oci(inventory.Image.Name, inventory.Image.ManifestDigest, inventory.Image.Tag);
        BaseImageRef = inventory.Image.BaseImageName is { Length: > 0 } baseName
            ? PackageUrl.Oci(baseName, inventory.Image.BaseImageDigest)
            : null;
        ApplicationRef = inventory.Application is { } app ? "application:" + app.Name + "@" + app.Version : null;
        OperatingSystemRef = inventory.OperatingSystem is { } os ? "os:" + os.Id + (os.VersionId is null ? "" : "@" + os.VersionId) : null;

        HashSet<string> present = Components.Select(c => c.Purl).ToHashSet(StringComparer.Ordinal);
        var edges = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        SortedSet<string> Edges(string from) => edges.TryGetValue(from, out SortedSet<string>? to) ? to : edges[from] = new SortedSet<string>(StringComparer.Ordinal);

        SortedSet<string> image = Edges(ImageRef);
        if (BaseImageRef is not null)
        {
            image.Add(BaseImageRef);
        }

        // Scanners (Trivy among them) match OS packages to a distribution's advisories only through an
        // operating-system component that holds them; without one they drop the OS packages.
        SortedSet<string>? operatingSystem = OperatingSystemRef is null ? null : Edges(OperatingSystemRef);
        if (OperatingSystemRef is not null)
        {
            image.Add(OperatingSystemRef);
        }

        HashSet<string> pulledIn = Components.SelectMany(c => c.DependsOn).ToHashSet(StringComparer.Ordinal);
        SortedSet<string> application = ApplicationRef is null ? image : Edges(ApplicationRef);
        if (ApplicationRef is not null)
        {
            image.Add(ApplicationRef);
        }

        foreach (SbomComponent component in Components)
        {
            SortedSet<string> own = Edges(component.Purl);
            own.UnionWith(component.DependsOn.Where(present.Contains).Where(d => d != component.Purl));
            if (component.Kind == SbomComponentKind.OsPackage)
            {
                operatingSystem?.Add(component.Purl);
            }

            if (component.Kind != SbomComponentKind.NuGetPackage)
            {
                image.Add(component.Purl);
            }
            else if (component.IsDirect == true || !pulledIn.Contains(component.Purl))
            {
                application.Add(component.Purl);
            }
        }

        if (BaseImageRef is not null)
        {
            Edges(BaseImageRef);
        }

        DependsOn = edges;
    }

    public SbomInventory Inventory { get; }

    /// <summary>
    /// One component from several producers' copies of it, independent of their order: hashes and edges are united,
    /// a known license and "direct" win, and the smallest source path is kept.
    /// </summary>
    private static SbomComponent Merge(IEnumerable<SbomComponent> copies)
    {
        SbomComponent[] all = [.. copies];
        if (all.Length == 1)
        {
            return all[0];
        }

        return all[0] with
        {
            Hashes = [.. all.SelectMany(c => c.Hashes).Distinct().OrderBy(h => h.Algorithm).ThenBy(h => h.Hex, StringComparer.Ordinal)],
            License = all.Select(c => c.License).OfType<SbomLicense>()
                .OrderBy(l => l.Expression ?? "\uffff", StringComparer.Ordinal)
                .ThenBy(l => l.Url ?? "\uffff", StringComparer.Ordinal)
                .ThenBy(l => l.Text ?? "\uffff", StringComparer.Ordinal)
                .FirstOrDefault(),
            IsDirect = all.Any(c => c.IsDirect == true) ? true : all.Any(c => c.IsDirect == false) ? false : null,
            DependsOn = [.. all.SelectMany(c => c.DependsOn).Distinct().Order(StringComparer.Ordinal)],
            Source = all.Select(c => c.Source).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault(),
        };
    }

    public IReadOnlyList<SbomComponent> Components { get; }

    public string ImageRef { get; }

    public string? BaseImageRef { get; }

    public string? ApplicationRef { get; }

    /// <summary><c>os:&lt;ID&gt;@&lt;VERSION_ID&gt;</c> from os-release, when the image has one.</summary>
    public string? OperatingSystemRef { get; }

    /// <summary>Every reference (image, base image, application, components) with what it depends on, both sorted.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> DependsOn { get; }

    public static SbomGraph Of(SbomInventory inventory) => new(inventory);

    /// <summary>
    /// A name-based (version 5) UUID of the manifest digest, in the RFC 4122 URL namespace: the same image always gets
    /// the same serial number, and CycloneDX's serialNumber pattern (version 1-5) accepts it.
    /// </summary>
    public static Guid SerialNumber(string manifestDigest)
    {
        byte[] ns = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];
#pragma warning disable CA5350 // RFC 4122 defines version 5 UUIDs with SHA-1; this is an identifier, not a security check.
        byte[] hash = SHA1.HashData([.. ns, .. Encoding.UTF8.GetBytes(manifestDigest)]);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The timestamp both formats want: UTC, whole seconds, "Z".</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
