using System.Globalization;
using System.Text.Json;
using ContainerHardening.Reporting;

namespace ContainerHardening.Sbom;

/// <summary>
/// Writes a CycloneDX 1.6 JSON BOM. The image is <c>metadata.component</c> (type container); the application, the
/// operating system, the NuGet packages, the .NET shared frameworks and the OS packages are <c>components</c>, each
/// package with its purl as bom-ref; <c>dependencies</c> holds the graph. Output is byte-identical for the same inventory and options.
/// </summary>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.6";

    public static void Write(Stream stream, SbomInventory inventory, SbomWriteOptions options)
    {
        SbomGraph graph = SbomGraph.Of(inventory);
        SbomImage image = inventory.Image;
        using Utf8JsonWriter writer = ReportJson.CreateWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        writer.WriteString("bomFormat", "CycloneDX");
        writer.WriteString("specVersion", SpecVersion);
        writer.WriteString("serialNumber", "urn:uuid:" + SbomGraph.SerialNumber(image.ManifestDigest).ToString("D"));
        writer.WriteNumber("version", 1);

        writer.WriteStartObject("metadata");
        writer.WriteString("timestamp", SbomGraph.Timestamp(options.Timestamp));
        writer.WriteStartObject("tools");
        writer.WriteStartArray("components");
        writer.WriteStartObject();
        writer.WriteString("type", "application");
        writer.WriteString("name", SbomWriteOptions.ToolName);
        writer.WriteString("version", options.ToolVersion);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("component");
        WriteIdentity(writer, "container", graph.ImageRef, image.Name, image.ManifestDigest);
        WriteDigestHash(writer, image.ManifestDigest);
        writer.WriteString("purl", graph.ImageRef);
        WriteProperties(writer, ImageProperties(inventory));
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("components");
        if (graph.BaseImageRef is not null)
        {
            writer.WriteStartObject();
            WriteIdentity(writer, "container", graph.BaseImageRef, image.BaseImageName, image.BaseImageDigest);
            WriteDigestHash(writer, image.BaseImageDigest);
            writer.WriteString("purl", graph.BaseImageRef);
            WriteProperties(writer, [("role", "base-image")]);
            writer.WriteEndObject();
        }

        if (inventory.Application is { } app)
        {
            writer.WriteStartObject();
            WriteIdentity(writer, "application", graph.ApplicationRef, app.Name, app.Version);
            if (app.RepositoryUrl is not null)
            {
                writer.WriteStartArray("externalReferences");
                writer.WriteStartObject();
                writer.WriteString("type", "vcs");
                writer.WriteString("url", app.RepositoryUrl);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            WriteProperties(writer, ApplicationProperties(app));
            writer.WriteEndObject();
        }

        if (inventory.OperatingSystem is { } os)
        {
            // name and version as os-release's ID and VERSION_ID: what Trivy and Syft write and read back.
            writer.WriteStartObject();
            WriteIdentity(writer, "operating-system", graph.OperatingSystemRef, os.Id, os.VersionId);
            writer.WriteOptional("description", os.PrettyName);
            writer.WriteEndObject();
        }

        foreach (SbomComponent component in graph.Components)
        {
            WriteComponent(writer, component);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("dependencies");
        foreach (KeyValuePair<string, SortedSet<string>> node in graph.DependsOn)
        {
            writer.WriteStartObject();
            writer.WriteString("ref", node.Key);
            writer.WriteStartArray("dependsOn");
            foreach (string dependency in node.Value)
            {
                writer.WriteStringValue(dependency);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>What every component starts with: its CycloneDX type, its reference in the graph, name and version.</summary>
    private static void WriteIdentity(Utf8JsonWriter writer, string type, string? bomRef, string? name, string? version)
    {
        writer.WriteString("type", type);
        writer.WriteString("bom-ref", bomRef);
        writer.WriteString("name", name);
        writer.WriteOptional("version", version);
    }

    private static void WriteComponent(Utf8JsonWriter writer, SbomComponent component)
    {
        writer.WriteStartObject();
        WriteIdentity(writer, component.Kind == SbomComponentKind.DotNetFramework ? "framework" : "library", component.Purl, component.Name, component.Version);
        if (component.Hashes.Count > 0)
        {
            writer.WriteStartArray("hashes");
            foreach (SbomHash hash in component.Hashes.OrderBy(h => h.Algorithm))
            {
                WriteHash(writer, hash);
            }

            writer.WriteEndArray();
        }

        if (component.License is { } license)
        {
            writer.WriteStartArray("licenses");
            writer.WriteStartObject();
            if (license.Expression is not null)
            {
                writer.WriteString("expression", license.Expression);
            }
            else
            {
                writer.WriteStartObject("license");

                // A license object needs an id or a name; a bare URL gets the name the CycloneDX .NET tool uses.
                writer.WriteString("name", license.Text ?? "Unknown - see URL");
                writer.WriteOptional("url", license.Url);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteString("purl", component.Purl);
        var properties = new List<(string, string)>();
        if (component.IsDirect is bool direct)
        {
            properties.Add(("direct", direct ? "true" : "false"));
        }

        if (component.Kind != SbomComponentKind.NuGetPackage && component.Source is not null)
        {
            // NuGet sources are paths on the build machine; writing them would make the SBOM depend on where it was built.
            properties.Add(("source", component.Source));
        }

        WriteProperties(writer, properties);
        writer.WriteEndObject();
    }

    private static List<(string, string)> ImageProperties(SbomInventory inventory)
    {
        SbomImage image = inventory.Image;
        var properties = new List<(string, string)>();
        Add(properties, "image:tag", image.Tag);
        Add(properties, "image:configDigest", image.ConfigDigest);
        Add(properties, "image:created", image.Created is { } created ? SbomGraph.Timestamp(created) : null);
        Add(properties, "image:baseImage", image.BaseImageName);
        Add(properties, "image:baseImageDigest", image.BaseImageDigest);
        foreach (string layer in image.LayerDigests)
        {
            properties.Add(("image:layer", layer));
        }

        Add(properties, "os:id", inventory.OperatingSystem?.Id);
        Add(properties, "os:versionId", inventory.OperatingSystem?.VersionId);
        Add(properties, "os:prettyName", inventory.OperatingSystem?.PrettyName);
        return properties;
    }

    private static List<(string, string)> ApplicationProperties(SbomApplication app)
    {
        var properties = new List<(string, string)>();
        Add(properties, "app:commit", app.Commit);
        Add(properties, "app:targetFramework", app.TargetFramework);
        Add(properties, "app:runtimeIdentifier", app.RuntimeIdentifier);
        properties.Add(("app:selfContained", app.SelfContained ? "true" : "false"));
        properties.Add(("app:publishAot", app.PublishAot ? "true" : "false"));
        return properties;
    }

    private static void Add(List<(string, string)> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties.Add((name, value));
        }
    }

    private static void WriteProperties(Utf8JsonWriter writer, List<(string Name, string Value)> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("properties");
        foreach ((string name, string value) in properties)
        {
            writer.WriteStartObject();
            writer.WriteString("name", SbomGraph.PropertyPrefix + name);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteDigestHash(Utf8JsonWriter writer, string? digest)
    {
        if (SbomHex.Sha256OfDigest(digest) is { } hex)
        {
            writer.WriteStartArray("hashes");
            WriteHash(writer, new SbomHash(SbomHashAlgorithm.Sha256, hex));
            writer.WriteEndArray();
        }
    }

    private static void WriteHash(Utf8JsonWriter writer, SbomHash hash)
    {
        writer.WriteStartObject();
        writer.WriteString("alg", hash.Algorithm == SbomHashAlgorithm.Sha512 ? "SHA-512" : "SHA-256");
        writer.WriteString("content", hash.Hex.ToLower(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }
}
