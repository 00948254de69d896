using System.Text.Json;

namespace ContainerHardening.Tests.Infrastructure;

/// <summary>One package as Trivy reports it: the result's class (os-pkgs, lang-pkgs), type, target and package.</summary>
internal sealed record TrivyPackage(string Class, string Type, string Target, string Name, string Version);

/// <summary>
/// Runs Trivy, the consumer our SBOMs are checked against. build/tools.sh installs it (build/test-env.sh up runs that);
/// <c>CONTAINER_HARDENING_TRIVY</c> may point at another build. No test skips when it is missing: it fails and says so.
/// </summary>
/// <remarks>
/// The build we install (v0.44.1, the newest full Trivy on npm) reports any fatal error only as exit code 1, so every
/// run is made with <c>--debug</c> and its output goes into the assertion message. Runs are offline: Trivy gets an
/// empty vulnerability database (<see cref="EmptyDatabase"/>), which it accepts with <c>--skip-db-update</c>, so it
/// parses and lists packages without downloading anything.
/// </remarks>
internal static class Trivy
{
    private static readonly Lazy<string> Binary = new(Find);

    /// <summary>The trivy binary; throws, saying how to install it, when there is none.</summary>
    public static string Path => Binary.Value;

    /// <summary>`trivy sbom` on an SBOM file: every package Trivy read from it.</summary>
    public static IReadOnlyList<TrivyPackage> ReadSbom(string sbomPath, string workDirectory) =>
        Run(["sbom", sbomPath], workDirectory);

    /// <summary>
    /// `trivy image --input` on an image archive the SDK wrote (an OCI layout tar). Trivy 0.44 cannot open that tar (it
    /// exits 1 without a word), so skopeo converts it to a docker-archive first.
    /// </summary>
    public static IReadOnlyList<TrivyPackage> ScanImage(string ociArchive, string workDirectory)
    {
        string dockerArchive = System.IO.Path.Combine(workDirectory, "image.docker.tar");
        File.Delete(dockerArchive);
        ProcessResult copy = ProcessRunner.Run("skopeo", ["copy", "-q", "oci-archive:" + ociArchive, "docker-archive:" + dockerArchive + ":trivy/input:1"], workDirectory);
        if (copy.ExitCode != 0)
        {
            throw new InvalidOperationException("skopeo could not convert the image archive for Trivy:\n" + copy.Tail);
        }

        return Run(["image", "--input", dockerArchive, "--scanners", "vuln"], workDirectory);
    }

    private static List<TrivyPackage> Run(string[] command, string workDirectory)
    {
        string cache = EmptyDatabase(System.IO.Path.Combine(workDirectory, "trivy-cache-" + Guid.NewGuid().ToString("N")));
        string report = System.IO.Path.Combine(workDirectory, "trivy-" + command[0] + "-" + Guid.NewGuid().ToString("N") + ".json");
        ProcessResult trivy = ProcessRunner.Run(
            Path,
            [.. command, "--debug", "--cache-dir", cache, "--skip-db-update", "--offline-scan", "--list-all-pkgs", "--format", "json", "--output", report],
            workDirectory,
            timeout: TimeSpan.FromMinutes(5));
        if (trivy.ExitCode != 0 || !File.Exists(report))
        {
            throw new InvalidOperationException($"trivy {string.Join(' ', command)} failed (exit {trivy.ExitCode}):\n{trivy.Tail}");
        }

        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        var packages = new List<TrivyPackage>();
        if (!json.RootElement.TryGetProperty("Results", out JsonElement results))
        {
            return packages;
        }

        foreach (JsonElement result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("Packages", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            string @class = Text(result, "Class") ?? "";
            string type = Text(result, "Type") ?? "";
            string target = Text(result, "Target") ?? "";
            packages.AddRange(list.EnumerateArray().Select(p => new TrivyPackage(@class, type, target, Text(p, "Name")!, FullVersion(p))));
        }

        return packages;
    }

    /// <summary>
    /// Trivy splits a Debian version into epoch, upstream version and revision (<c>1:1.2.13.dfsg-1+deb12u1</c> becomes
    /// Epoch 1, Version 1.2.13.dfsg, Release 1+deb12u1); this puts it back together as dpkg writes it.
    /// </summary>
    private static string FullVersion(JsonElement package)
    {
        string version = Text(package, "Version") ?? "";
        if (Text(package, "Release") is { Length: > 0 } release)
        {
            version += "-" + release;
        }

        return package.TryGetProperty("Epoch", out JsonElement epoch) && epoch.ValueKind == JsonValueKind.Number && epoch.GetInt32() > 0
            ? epoch.GetInt32() + ":" + version
            : version;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A cache folder holding a vulnerability database with no entries: the metadata file says schema 2, fresh until
    /// 2999; Trivy creates the empty database file itself. Without a database Trivy refuses --skip-db-update ("The
    /// first run cannot skip downloading DB"), and downloading one needs the internet.
    /// </summary>
    private static string EmptyDatabase(string cache)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(cache, "db"));
        File.WriteAllText(System.IO.Path.Combine(cache, "db", "metadata.json"),
            """{"Version":2,"NextUpdate":"2999-01-01T00:00:00Z","UpdatedAt":"2025-01-01T00:00:00Z","DownloadedAt":"2025-01-01T00:00:00Z"}""");
        return cache;
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("CONTAINER_HARDENING_TRIVY") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"CONTAINER_HARDENING_TRIVY points at '{configured}', which does not exist.");
        }

        string? onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "trivy"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "trivy is not installed, and the SBOM consumer tests need it: run `bash build/tools.sh trivy` " +
            "(`bash build/test-env.sh up` does) or set CONTAINER_HARDENING_TRIVY to a trivy binary.");
    }
}
