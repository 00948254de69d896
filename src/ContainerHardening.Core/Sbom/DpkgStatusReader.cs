using ContainerHardening.Diagnostics;

namespace ContainerHardening.Sbom;

/// <summary>
/// Reads Debian and Ubuntu package databases: <c>/var/lib/dpkg/status</c> (many paragraphs; only those whose Status
/// is "install ok installed" count) and the files of <c>/var/lib/dpkg/status.d/</c> that distroless images carry (one
/// paragraph each, often without a Status field, which then counts as installed).
/// </summary>
public static class DpkgStatusReader
{
    public const string StatusPath = "var/lib/dpkg/status";

    public const string StatusDirectory = "var/lib/dpkg/status.d/";

    public static SbomReadResult<IReadOnlyList<SbomComponent>> Read(Stream stream, string path, OsRelease? os) =>
        ControlFileParser.ReadDatabase(stream, path, text => Read(text, path, os));

    public static SbomReadResult<IReadOnlyList<SbomComponent>> Read(string text, string path, OsRelease? os)
    {
        var findings = new List<Finding>();
        var components = new List<SbomComponent>();
        (List<ControlParagraph> paragraphs, List<int> badLines) = ControlFileParser.Parse(text);
        if (badLines.Count > 0)
        {
            findings.Add(SbomInputProblem.InImage(path, "BadLine", badLines[0]));
        }

        foreach (ControlParagraph paragraph in paragraphs)
        {
            string? missing = paragraph.Fields.ContainsKey("Package") ? (paragraph.Fields.ContainsKey("Version") ? null : "Version") : "Package";
            if (missing is not null)
            {
                findings.Add(SbomInputProblem.InImage(path, "BadStanza", paragraph.Line, missing));
                continue;
            }

            if (paragraph.Fields.TryGetValue("Status", out string? status) &&
                !string.Equals(string.Join(' ', status.Split(' ', StringSplitOptions.RemoveEmptyEntries)), "install ok installed", StringComparison.Ordinal))
            {
                continue;
            }

            string name = paragraph.Fields["Package"];
            string version = paragraph.Fields["Version"];
            string? arch = paragraph.Fields.GetValueOrDefault("Architecture");
            components.Add(new SbomComponent(SbomComponentKind.OsPackage, name, version, PackageUrl.Deb(os, name, version, arch))
            {
                Source = "/" + path.TrimStart('/'),
            });
        }

        return new(components, findings);
    }
}
