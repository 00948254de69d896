using System.Text.Json;
using ContainerHardening.Diagnostics;
using ZstdSharp;

namespace ContainerHardening.Sbom;

/// <summary>
/// Reads the manifest Canonical's chisel writes into chiseled Ubuntu images, <c>/var/lib/chisel/manifest.wall</c>: a
/// zstd-compressed "jsonwall", one JSON object per line after a <c>{"jsonwall":…}</c> header; the lines with
/// <c>"kind":"package"</c> carry name, version, arch and the .deb's sha256.
/// </summary>
public static class ChiselManifestReader
{
    public const string ManifestPath = "var/lib/chisel/manifest.wall";

    public static SbomReadResult<IReadOnlyList<SbomComponent>> Read(Stream compressed, string path, OsRelease? os)
    {
        string text;
        try
        {
            using var decompressed = new DecompressionStream(compressed, leaveOpen: true);
            using var reader = new StreamReader(decompressed);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is ZstdException or IOException or InvalidDataException)
        {
            return new([], [SbomInputProblem.InImage(path, "NotZstd", e.Message)]);
        }

        return ReadText(text, path, os);
    }

    /// <summary>Reads the already decompressed jsonwall text.</summary>
    public static SbomReadResult<IReadOnlyList<SbomComponent>> ReadText(string text, string path, OsRelease? os)
    {
        var findings = new List<Finding>();
        var components = new List<SbomComponent>();
        string[] lines = text.Split('\n');
        bool header = false;
        int firstBadLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            JsonElement entry;
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                entry = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                firstBadLine = firstBadLine == 0 ? i + 1 : firstBadLine;
                continue;
            }

            if (entry.ValueKind != JsonValueKind.Object)
            {
                firstBadLine = firstBadLine == 0 ? i + 1 : firstBadLine;
                continue;
            }

            if (entry.TryGetProperty("jsonwall", out _))
            {
                header = true;
                continue;
            }

            if (Text(entry, "kind") != "package")
            {
                continue;
            }

            string? name = Text(entry, "name");
            string? version = Text(entry, "version");
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
            {
                findings.Add(SbomInputProblem.InImage(path, "BadStanza", i + 1, string.IsNullOrEmpty(name) ? "name" : "version"));
                continue;
            }

            string? sha256 = Text(entry, "sha256") ?? Text(entry, "digest");
            if (sha256 is not null && sha256.StartsWith("sha256:", StringComparison.Ordinal))
            {
                sha256 = sha256["sha256:".Length..];
            }

            components.Add(new SbomComponent(SbomComponentKind.OsPackage, name, version, PackageUrl.Deb(os, name, version, Text(entry, "arch")))
            {
                Hashes = sha256 is not null && SbomHex.IsHex(sha256, 64) ? [new SbomHash(SbomHashAlgorithm.Sha256, sha256.ToLowerInvariant())] : [],
                Source = "/" + path.TrimStart('/'),
            });
        }

        if (!header)
        {
            findings.Insert(0, SbomInputProblem.InImage(path, "NotJsonWall"));
        }

        if (firstBadLine > 0)
        {
            findings.Add(SbomInputProblem.InImage(path, "BadJsonLine", firstBadLine));
        }

        return new(components, findings);
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
