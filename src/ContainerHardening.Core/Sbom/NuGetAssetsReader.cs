using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Sbom;

/// <summary>Which restore target of project.assets.json the application was published for.</summary>
/// <param name="TargetFramework">The TFM alias (<c>net10.0</c>); null picks the only framework the file has.</param>
/// <param name="RuntimeIdentifier">The RID (<c>linux-x64</c>), whose target holds the RID-specific assets; null for the portable target.</param>
public sealed record NuGetAssetsTarget(string? TargetFramework = null, string? RuntimeIdentifier = null);

/// <summary>The packages the published application ships, and the project's own name and version.</summary>
public sealed record NuGetAssets(IReadOnlyList<SbomComponent> Packages, string? ProjectName, string? ProjectVersion);

/// <summary>
/// Reads the NuGet packages an application ships from its <c>obj/project.assets.json</c>. A package counts when the
/// chosen target gives it runtime, native, runtimeTargets or resource assets (not only the "_._" placeholder), which
/// is what publish copies: analyzers, build-only packages and <c>PrivateAssets="all"</c> tools have none, and
/// <c>ExcludeAssets="runtime"</c> leaves only the placeholder. Packages without assets (meta-packages) are left out and
/// dependency edges are drawn through them. Hashes and licenses come from the package folder (<c>.nupkg.metadata</c>,
/// <c>&lt;id&gt;.nuspec</c>) when it is still there.
/// </summary>
public static class NuGetAssetsReader
{
    /// <summary>The placeholder NuGet writes for an asset group that is present but empty.</summary>
    private const string Placeholder = "_._";

    /// <summary>The licenseUrl NuGet writes into packages that carry a license expression or file instead.</summary>
    private const string DeprecatedLicenseUrl = "https://aka.ms/deprecateLicenseUrl";

    private static readonly string[] ShippedAssetGroups = ["runtime", "native", "runtimeTargets", "resource"];

    /// <summary>Reads the assets file at <paramref name="path"/>; a missing or unreadable file is a CH6002 warning.</summary>
    public static SbomReadResult<NuGetAssets> Read(string path, NuGetAssetsTarget target)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return Read(stream, path, target, OpenIfExists);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(new NuGetAssets([], null, null), [SbomInputProblem.OnDisk(path, "IoError", e.Message)]);
        }
    }

    /// <param name="openPackageFile">Opens a file of the package folders by full path, or returns null when it does not exist.</param>
    public static SbomReadResult<NuGetAssets> Read(Stream stream, string path, NuGetAssetsTarget target, Func<string, Stream?> openPackageFile)
    {
        var findings = new List<Finding>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Fail(SbomInputProblem.OnDisk(path, "NotJson", e.Message));
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryObject(root, "targets", out JsonElement targets))
            {
                return Fail(SbomInputProblem.OnDisk(path, "NotAssetsFile", "targets"));
            }

            JsonElement project = TryObject(root, "project", out JsonElement p) ? p : default;
            (string? frameworkKey, JsonElement framework) = FindFramework(project, target.TargetFramework);
            string? targetKey = FindTarget(targets, target, frameworkKey);
            if (targetKey is null || !TryObject(targets, targetKey, out JsonElement libraries))
            {
                string wanted = (target.TargetFramework ?? frameworkKey ?? "?") + (target.RuntimeIdentifier is null ? "" : "/" + target.RuntimeIdentifier);
                return Fail(SbomInputProblem.OnDisk(path, "NoTarget", wanted, string.Join(", ", targets.EnumerateObject().Select(t => "'" + t.Name + "'"))));
            }

            var nodes = new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty entry in libraries.EnumerateObject())
            {
                int slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || slash == entry.Name.Length - 1 || entry.Value.ValueKind != JsonValueKind.Object)
                {
                    findings.Add(SbomInputProblem.OnDisk(path, "BadEntry", entry.Name));
                    continue;
                }

                string id = entry.Name[..slash];
                nodes[id] = new Node(
                    id,
                    entry.Name[(slash + 1)..],
                    entry.Name,
                    Text(entry.Value, "type") == "package" && ShipsAssets(entry.Value),
                    TryObject(entry.Value, "dependencies", out JsonElement deps) ? [.. deps.EnumerateObject().Select(d => d.Name)] : []);
            }

            HashSet<string> direct = DirectPackages(framework);
            JsonElement libraryInfo = TryObject(root, "libraries", out JsonElement l) ? l : default;
            string[] packageFolders = TryObject(root, "packageFolders", out JsonElement folders) ? [.. folders.EnumerateObject().Select(f => f.Name)] : [];

            var packages = new List<SbomComponent>();
            foreach (Node node in nodes.Values.Where(n => n.Ships).OrderBy(n => n.Id, StringComparer.OrdinalIgnoreCase))
            {
                JsonElement info = libraryInfo.ValueKind == JsonValueKind.Object && TryObject(libraryInfo, node.Key, out JsonElement i) ? i : default;
                string relative = Text(info, "path") ?? (node.Id + "/" + node.Version).ToLowerInvariant();
                PackageFolderFacts facts = ReadPackageFolder(packageFolders, relative, node.Id, openPackageFile, findings);
                string? sha512 = facts.Sha512 ?? SbomHex.FromBase64(Text(info, "sha512"), 64);
                packages.Add(new SbomComponent(SbomComponentKind.NuGetPackage, node.Id, node.Version, PackageUrl.NuGet(node.Id, node.Version))
                {
                    Hashes = sha512 is null ? [] : [new SbomHash(SbomHashAlgorithm.Sha512, sha512)],
                    License = facts.License,
                    IsDirect = direct.Contains(node.Id),
                    DependsOn = [.. ShippedDependencies(node, nodes).Select(n => PackageUrl.NuGet(n.Id, n.Version)).Order(StringComparer.Ordinal)],
                    Source = path,
                });
            }

            string? projectName = TryObject(project, "restore", out JsonElement restore) ? Text(restore, "projectName") : null;
            return new(new NuGetAssets(packages, projectName, Text(project, "version")), findings);
        }

        SbomReadResult<NuGetAssets> Fail(Finding finding) => new(new NuGetAssets([], null, null), [finding]);
    }

    private static Stream? OpenIfExists(string path) => File.Exists(path) ? File.OpenRead(path) : null;

    private sealed record Node(string Id, string Version, string Key, bool Ships, string[] Dependencies);

    private sealed record PackageFolderFacts(string? Sha512, SbomLicense? License);

    private static bool ShipsAssets(JsonElement library) =>
        ShippedAssetGroups.Any(group =>
            TryObject(library, group, out JsonElement assets) &&
            assets.EnumerateObject().Any(asset => !asset.Name.EndsWith(Placeholder, StringComparison.Ordinal)));

    /// <summary>The nearest shipped packages below <paramref name="node"/>, looking through packages that ship nothing.</summary>
    private static IEnumerable<Node> ShippedDependencies(Node node, Dictionary<string, Node> nodes)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { node.Id };
        var pending = new Stack<string>(node.Dependencies);
        while (pending.TryPop(out string? id))
        {
            if (!seen.Add(id) || !nodes.TryGetValue(id, out Node? dependency))
            {
                continue;
            }

            if (dependency.Ships)
            {
                yield return dependency;
            }
            else
            {
                foreach (string next in dependency.Dependencies)
                {
                    pending.Push(next);
                }
            }
        }
    }

    /// <summary>The package ids the project references itself (target "Package" in project.frameworks.&lt;tfm&gt;.dependencies).</summary>
    private static HashSet<string> DirectPackages(JsonElement framework)
    {
        var direct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (TryObject(framework, "dependencies", out JsonElement dependencies))
        {
            foreach (JsonProperty dependency in dependencies.EnumerateObject())
            {
                if (dependency.Value.ValueKind != JsonValueKind.Object || (Text(dependency.Value, "target") ?? "Package") == "Package")
                {
                    direct.Add(dependency.Name);
                }
            }
        }

        return direct;
    }

    private static (string? Key, JsonElement Framework) FindFramework(JsonElement project, string? targetFramework)
    {
        if (!TryObject(project, "frameworks", out JsonElement frameworks))
        {
            return (targetFramework, default);
        }

        JsonProperty[] all = [.. frameworks.EnumerateObject()];
        foreach (JsonProperty framework in all)
        {
            if (targetFramework is null
                ? all.Length == 1
                : string.Equals(framework.Name, targetFramework, StringComparison.OrdinalIgnoreCase) ||
                  string.Equals(Text(framework.Value, "targetAlias"), targetFramework, StringComparison.OrdinalIgnoreCase))
            {
                return (framework.Name, framework.Value);
            }
        }

        return (targetFramework, default);
    }

    private static string? FindTarget(JsonElement targets, NuGetAssetsTarget target, string? frameworkKey)
    {
        string[] names = [.. targets.EnumerateObject().Select(t => t.Name)];
        string suffix = target.RuntimeIdentifier is null ? "" : "/" + target.RuntimeIdentifier;
        foreach (string? framework in new[] { target.TargetFramework, frameworkKey }.Distinct())
        {
            string? match = framework is null ? null : names.FirstOrDefault(n => string.Equals(n, framework + suffix, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        // No framework given and none named in the project section: a file restored for one framework has one choice.
        string[] candidates = [.. names.Where(n => target.RuntimeIdentifier is null ? !n.Contains('/', StringComparison.Ordinal) : n.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))];
        return target.TargetFramework is null && candidates.Length == 1 ? candidates[0] : null;
    }

    private static PackageFolderFacts ReadPackageFolder(string[] packageFolders, string relative, string id, Func<string, Stream?> openPackageFile, List<Finding> findings)
    {
        // A package folder file that cannot be opened (permissions, a folder being cleaned) is treated as absent.
        Stream? open(string file)
        {
            try
            {
                return openPackageFile(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        foreach (string folder in packageFolders)
        {
            string directory = Path.Combine(folder, relative);
            string? sha512 = ReadContentHash(open, Path.Combine(directory, ".nupkg.metadata"));
            string nuspecPath = Path.Combine(directory, id.ToLowerInvariant() + ".nuspec");
            using Stream? nuspec = open(nuspecPath);
            if (sha512 is null && nuspec is null)
            {
                continue;
            }

            return new PackageFolderFacts(sha512, nuspec is null ? null : ReadLicense(nuspec, nuspecPath, findings));
        }

        return new PackageFolderFacts(null, null);
    }

    private static string? ReadContentHash(Func<string, Stream?> open, string path)
    {
        try
        {
            using Stream? stream = open(path);
            if (stream is null)
            {
                return null;
            }

            using JsonDocument metadata = JsonDocument.Parse(stream);
            return metadata.RootElement.ValueKind == JsonValueKind.Object ? SbomHex.FromBase64(Text(metadata.RootElement, "contentHash"), 64) : null;
        }
        catch (JsonException)
        {
            // The hash is optional; the assets file's own sha512 is used instead.
            return null;
        }
    }

    /// <summary>The license of a .nuspec: the expression, else a license file's name, else a licenseUrl that is not NuGet's deprecation link.</summary>
    internal static SbomLicense? ReadLicense(Stream nuspec, string path, List<Finding> findings)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(nuspec);
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            findings.Add(SbomInputProblem.OnDisk(path, "NotXml", e.Message));
            return null;
        }

        XElement? metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        XElement? license = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        string? url = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "licenseUrl")?.Value.Trim();
        url = string.IsNullOrEmpty(url) || url.StartsWith(DeprecatedLicenseUrl, StringComparison.OrdinalIgnoreCase) ? null : url;
        string? value = license?.Value.Trim();
        string? type = license?.Attribute("type")?.Value;
        if (!string.IsNullOrEmpty(value) && type == "expression")
        {
            return new SbomLicense(Expression: value, Url: url);
        }

        if (!string.IsNullOrEmpty(value) && type == "file")
        {
            return new SbomLicense(Url: url, Text: "License file " + value + " in the package");
        }

        return url is null ? null : new SbomLicense(Url: url);
    }

    private static bool TryObject(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        value = default;
        return false;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
