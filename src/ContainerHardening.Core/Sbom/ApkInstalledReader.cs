using ContainerHardening.Diagnostics;

namespace ContainerHardening.Sbom;

/// <summary>Reads Alpine's package database <c>/lib/apk/db/installed</c>: paragraphs of one-letter fields (P name, V version, A arch, L license).</summary>
public static class ApkInstalledReader
{
    public const string InstalledPath = "lib/apk/db/installed";

    public static SbomReadResult<IReadOnlyList<SbomComponent>> Read(Stream stream, string path, OsRelease? os) =>
        ControlFileParser.ReadDatabase(stream, path, text => Read(text, path, os));

    public static SbomReadResult<IReadOnlyList<SbomComponent>> Read(string text, string path, OsRelease? os)
    {
        var findings = new List<Finding>();
        var components = new List<SbomComponent>();
        (List<ControlParagraph> paragraphs, List<int> badLines) = ControlFileParser.Parse(text, caseSensitive: true);
        if (badLines.Count > 0)
        {
            findings.Add(SbomInputProblem.InImage(path, "BadLine", badLines[0]));
        }

        foreach (ControlParagraph paragraph in paragraphs)
        {
            string? name = paragraph.Fields.GetValueOrDefault("P");
            string? version = paragraph.Fields.GetValueOrDefault("V");
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
            {
                findings.Add(SbomInputProblem.InImage(path, "BadStanza", paragraph.Line, string.IsNullOrEmpty(name) ? "P" : "V"));
                continue;
            }

            string? license = paragraph.Fields.GetValueOrDefault("L");
            components.Add(new SbomComponent(SbomComponentKind.OsPackage, name, version, PackageUrl.Apk(os, name, version, paragraph.Fields.GetValueOrDefault("A")))
            {
                License = string.IsNullOrWhiteSpace(license) ? null : new SbomLicense(Text: license),
                Source = "/" + path.TrimStart('/'),
            });
        }

        return new(components, findings);
    }
}
