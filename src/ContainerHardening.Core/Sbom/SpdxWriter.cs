using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerHardening.Reporting;

namespace ContainerHardening.Sbom;

/// <summary>
/// Writes an SPDX 2.3 JSON document: one package per component plus the image and the application, with purls as
/// external references and DESCRIBES / CONTAINS / DEPENDS_ON / DESCENDANT_OF relationships. Byte-identical for the
/// same inventory and options; the namespace is derived from the image name and digest.
/// </summary>
public static class SpdxWriter
{
    public const string SpecVersion = "SPDX-2.3";

    public const string NamespaceRoot = "https://containerhardening.dev/spdx/";

    private const string NoAssertion = "NOASSERTION";

    public static void Write(Stream stream, SbomInventory inventory, SbomWriteOptions options)
    {
        SbomGraph graph = SbomGraph.Of(inventory);
        SbomImage image = inventory.Image;
        Dictionary<string, string> ids = AssignIds(graph);

        using Utf8JsonWriter writer = ReportJson.CreateWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("spdxVersion", SpecVersion);
        writer.WriteString("dataLicense", "CC0-1.0");
        writer.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        writer.WriteString("name", image.Name + "@" + image.ManifestDigest);
        writer.WriteString("documentNamespace", DocumentNamespace(image));
        writer.WriteStartObject("creationInfo");
        writer.WriteString("created", SbomGraph.Timestamp(options.Timestamp));
        writer.WriteStartArray("creators");
        writer.WriteStringValue("Tool: " + SbomWriteOptions.ToolName + "-" + options.ToolVersion);
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("packages");
        WritePackage(writer, ids[graph.ImageRef], image.Name, image.ManifestDigest, "CONTAINER", graph.ImageRef, DigestChecksum(image.ManifestDigest), null);
        if (graph.BaseImageRef is not null)
        {
            WritePackage(writer, ids[graph.BaseImageRef], image.BaseImageName!, image.BaseImageDigest, "CONTAINER", graph.BaseImageRef, DigestChecksum(image.BaseImageDigest), null);
        }

        if (inventory.Application is { } app)
        {
            WritePackage(writer, ids[graph.ApplicationRef!], app.Name, app.Version, "APPLICATION", null, null, null, app.RepositoryUrl);
        }

        if (inventory.OperatingSystem is { } os)
        {
            WritePackage(writer, ids[graph.OperatingSystemRef!], os.Id, os.VersionId, "OPERATING_SYSTEM", null, null, null);
        }

        foreach (SbomComponent component in graph.Components)
        {
            WritePackage(
                writer,
                ids[component.Purl],
                component.Name,
                component.Version,
                component.Kind == SbomComponentKind.DotNetFramework ? "FRAMEWORK" : "LIBRARY",
                component.Purl,
                component.Hashes.OrderBy(h => h.Algorithm).FirstOrDefault(),
                component.License?.Expression);
        }

        writer.WriteEndArray();

        var relationships = new List<(string From, string Type, string To)> { ("SPDXRef-DOCUMENT", "DESCRIBES", ids[graph.ImageRef]) };
        if (graph.BaseImageRef is not null)
        {
            relationships.Add((ids[graph.ImageRef], "DESCENDANT_OF", ids[graph.BaseImageRef]));
        }

        if (graph.ApplicationRef is not null)
        {
            relationships.Add((ids[graph.ImageRef], "CONTAINS", ids[graph.ApplicationRef]));
        }

        foreach (SbomComponent component in graph.Components)
        {
            relationships.Add((ids[graph.ImageRef], "CONTAINS", ids[component.Purl]));
        }

        if (graph.OperatingSystemRef is not null)
        {
            // The operating system CONTAINS its packages: consumers such as Trivy find the distribution that way.
            relationships.Add((ids[graph.ImageRef], "CONTAINS", ids[graph.OperatingSystemRef]));
            relationships.AddRange(graph.DependsOn[graph.OperatingSystemRef].Select(to => (ids[graph.OperatingSystemRef], "CONTAINS", ids[to])));
        }

        foreach (KeyValuePair<string, SortedSet<string>> node in graph.DependsOn.Where(n => n.Key != graph.ImageRef && n.Key != graph.OperatingSystemRef))
        {
            relationships.AddRange(node.Value.Select(to => (ids[node.Key], "DEPENDS_ON", ids[to])));
        }

        writer.WriteStartArray("relationships");
        foreach ((string from, string type, string to) in relationships
            .Distinct()
            .OrderBy(r => r.From == "SPDXRef-DOCUMENT" ? 0 : 1)
            .ThenBy(r => r.From, StringComparer.Ordinal)
            .ThenBy(r => r.Type, StringComparer.Ordinal)
            .ThenBy(r => r.To, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("spdxElementId", from);
            writer.WriteString("relationshipType", type);
            writer.WriteString("relatedSpdxElement", to);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary><c>https://containerhardening.dev/spdx/&lt;image name&gt;-&lt;digest hex&gt;</c>: unique per image, the same on every build of it.</summary>
    public static string DocumentNamespace(SbomImage image) =>
        NamespaceRoot + PackageUrl.Encode(image.Name.Replace('/', '-').Replace(':', '-')) + "-" +
        (SbomHex.Sha256OfDigest(image.ManifestDigest) ?? PackageUrl.Encode(image.ManifestDigest));

    /// <summary>
    /// An SPDX id for an element: <c>SPDXRef-</c> and its kind, name and version with every character outside
    /// [A-Za-z0-9.-] turned into '-'. Two names that only differ there get a hash of their reference appended.
    /// </summary>
    internal static string Sanitize(string value)
    {
        var id = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return id.ToString();
    }

    private static Dictionary<string, string> AssignIds(SbomGraph graph)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal) { "SPDXRef-DOCUMENT" };
        Assign(graph.ImageRef, "SPDXRef-Image");
        if (graph.BaseImageRef is not null)
        {
            Assign(graph.BaseImageRef, "SPDXRef-BaseImage");
        }

        if (graph.ApplicationRef is not null)
        {
            Assign(graph.ApplicationRef, "SPDXRef-Application-" + Sanitize(graph.Inventory.Application!.Name));
        }

        if (graph.OperatingSystemRef is not null && graph.Inventory.OperatingSystem is { } os)
        {
            Assign(graph.OperatingSystemRef, "SPDXRef-OperatingSystem-" + Sanitize(os.Id) + (os.VersionId is null ? "" : "-" + Sanitize(os.VersionId)));
        }

        foreach (SbomComponent component in graph.Components)
        {
            string kind = component.Kind switch
            {
                SbomComponentKind.NuGetPackage => "NuGet",
                SbomComponentKind.DotNetFramework => "DotNet",
                _ => component.Purl.StartsWith("pkg:apk/", StringComparison.Ordinal) ? "Apk" : "Deb",
            };
            Assign(component.Purl, "SPDXRef-" + kind + "-" + Sanitize(component.Name) + "-" + Sanitize(component.Version));
        }

        return ids;

        void Assign(string reference, string id)
        {
            if (!taken.Add(id))
            {
                id += "-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(reference)), 0, 4).ToLowerInvariant();
                taken.Add(id);
            }

            ids[reference] = id;
        }
    }

    private static SbomHash? DigestChecksum(string? digest) =>
        SbomHex.Sha256OfDigest(digest) is { } hex ? new SbomHash(SbomHashAlgorithm.Sha256, hex) : null;

    private static void WritePackage(Utf8JsonWriter writer, string id, string name, string? version, string purpose, string? purl, SbomHash? checksum, string? licenseExpression, string? homepage = null)
    {
        writer.WriteStartObject();
        writer.WriteString("SPDXID", id);
        writer.WriteString("name", name);
        writer.WriteOptional("versionInfo", version);
        writer.WriteString("downloadLocation", NoAssertion);
        writer.WriteBoolean("filesAnalyzed", false);
        writer.WriteString("primaryPackagePurpose", purpose);
        writer.WriteOptional("homepage", homepage);
        if (checksum is not null)
        {
            writer.WriteStartArray("checksums");
            writer.WriteStartObject();
            writer.WriteString("algorithm", checksum.Algorithm == SbomHashAlgorithm.Sha512 ? "SHA512" : "SHA256");
            writer.WriteString("checksumValue", checksum.Hex);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteString("licenseConcluded", NoAssertion);
        writer.WriteString("licenseDeclared", licenseExpression ?? NoAssertion);
        writer.WriteString("copyrightText", NoAssertion);
        if (purl is not null)
        {
            writer.WriteStartArray("externalRefs");
            writer.WriteStartObject();
            writer.WriteString("referenceCategory", "PACKAGE-MANAGER");
            writer.WriteString("referenceType", "purl");
            writer.WriteString("referenceLocator", purl);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
