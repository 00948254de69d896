using System.Text.RegularExpressions;

namespace ContainerHardening.Staging;

/// <summary>
/// The files a container must not ship although a publish produces them: they help an attacker (symbols, sources of
/// configuration for other environments, credentials) and the app does not need them at run time.
/// </summary>
public static partial class AppFileExclusions
{
    /// <summary>Why <paramref name="relativePath"/> stays out of the image, or null when it belongs there.</summary>
    public static string? ReasonToExclude(string relativePath, bool keepDebugSymbols)
    {
        string path = relativePath.Replace('\\', '/').TrimStart('/');
        string name = path[(path.LastIndexOf('/') + 1)..];

        if (!keepDebugSymbols && (HasExtension(name, ".pdb") || HasExtension(name, ".dbg")))
        {
            return "debug symbols (set ContainerHardeningKeepDebugSymbols=true to keep them)";
        }

        if (DevelopmentSettings().IsMatch(name))
        {
            return "settings of the Development environment";
        }

        if (name.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase))
        {
            return "local launch profiles";
        }

        if (path.Equals("web.config", StringComparison.OrdinalIgnoreCase))
        {
            return "IIS configuration, unused on Linux";
        }

        if (name.Equals("secrets.json", StringComparison.OrdinalIgnoreCase))
        {
            return "user secrets";
        }

        if (name.Equals(".env", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase))
        {
            return "environment file, which usually holds credentials";
        }

        // An archive published into the project folder gets its SBOMs beside it, and a web project's default
        // Content glob (**/*.json) would carry them into the next image.
        if (name.EndsWith(".sbom.cdx.json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".sbom.spdx.json", StringComparison.OrdinalIgnoreCase))
        {
            return "SBOM of an earlier publish";
        }

        // This package's own inputs; the targets keep them out of Content, this catches copies made some other way.
        if (name.StartsWith("container-hardening.", StringComparison.OrdinalIgnoreCase)
            && (name.EndsWith(".lock.json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".secrets.baseline.json", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)))
        {
            return "a ContainerHardening build input (lock file, secrets baseline or policy)";
        }

        if (name.Equals("nuget.config", StringComparison.OrdinalIgnoreCase))
        {
            return "NuGet configuration, which may hold feed credentials";
        }

        return null;
    }

    private static bool HasExtension(string name, string extension) =>
        name.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^appsettings\.development(\.[^/]+)?\.json$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DevelopmentSettings();
}
