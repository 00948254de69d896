using ContainerHardening.Analysis;
using ContainerHardening.Image;
using ContainerHardening.Policy;

namespace ContainerHardening.Rules;

/// <summary>
/// Everything an image rule sees: the built image (config, merged filesystem with what lower layers still hide, layers,
/// a few file contents) and what only the build knows (the app, the base image reference, the policy). The SDK adds the
/// app as the last layer; the layers below <see cref="BaseLayerCount"/> are the base image's.
/// </summary>
public sealed record ImageFacts
{
    /// <summary>The PATH a container gets when the image config sets none (Docker's and containerd's default).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>How messages and image-wide findings name the image (archive path or reference); never holds credentials.</summary>
    public required string ImageName { get; init; }

    public required ImageConfig Config { get; init; }

    /// <summary>The manifest's annotations, where the SDK may put the OCI labels too.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public required ImageFilesystem Filesystem { get; init; }

    /// <summary>The layers bottom first; <see cref="LayerFacts.IsAppLayer"/> is set from <see cref="BaseLayerCount"/>.</summary>
    public required IReadOnlyList<LayerFacts> Layers { get; init; }

    /// <summary>How many of the bottom layers came from the base image.</summary>
    public required int BaseLayerCount { get; init; }

    /// <summary>Where the app lives in the image, absolute ("/app").</summary>
    public string AppDirectory { get; init; } = "/app";

    /// <summary>Small files read during the pass (see <see cref="FileContentCollector.DefaultPaths"/>), by normalised path.</summary>
    public IReadOnlyDictionary<string, byte[]> FileContents { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The first bytes of each regular file under <see cref="AppDirectory"/>, by normalised path.</summary>
    public IReadOnlyDictionary<string, byte[]> AppFileHeads { get; init; } = new Dictionary<string, byte[]>();

    public AppFacts App { get; init; } = AppFacts.Unknown;

    /// <summary>The base image as the project referenced it; null when the build could not tell.</summary>
    public BaseImageReference? BaseImage { get; init; }

    /// <summary>When the base image was built (its config's "created"); null to take it from the image's history.</summary>
    public DateTimeOffset? BaseCreated { get; init; }

    public PolicyOptions Policy { get; init; } = PolicyOptions.None;

    /// <summary>The time age checks compare with (CH4003); tests and callers may fix it.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Reads every layer once with the filesystem view and the collectors the rules need. The result has no app facts,
    /// base reference or policy: set them with <c>with { … }</c>.
    /// </summary>
    /// <param name="otherObservers">Observers of other checks (SBOM, secrets) that share the same single pass.</param>
    /// <param name="layerStore">Base layers seen before are replayed from it, new ones recorded to it; null to read every layer.</param>
    public static ImageFacts Read(
        IImageSource source, int baseLayerCount, string appDirectory = "/app", IReadOnlyList<ILayerObserver>? otherObservers = null,
        LayerStore? layerStore = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseLayerCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baseLayerCount, source.Manifest.Layers.Count);
        var filesystem = new ImageFilesystem();
        var contents = new FileContentCollector(FileContentCollector.DefaultPaths);
        var heads = new FileHeadCollector(appDirectory);
        LayerPass.Run(source, [filesystem, contents, heads, .. otherObservers ?? []], layerStore, cancellationToken);
        return new ImageFacts
        {
            ImageName = source.ImagePath,
            Config = source.Config,
            Annotations = source.Manifest.Annotations ?? new Dictionary<string, string>(),
            Filesystem = filesystem,
            Layers = source.Manifest.Layers.Select((layer, i) => new LayerFacts(i, layer.Digest, layer.Size, i >= baseLayerCount)).ToArray(),
            BaseLayerCount = baseLayerCount,
            AppDirectory = appDirectory,
            FileContents = contents.Files,
            AppFileHeads = heads.Heads,
        };
    }

    /// <summary>A normalised path as messages show it: "/usr/bin/app".</summary>
    internal static string Absolute(string normalizedPath) => "/" + normalizedPath;

    /// <summary>Whether the image config says the image is for Linux; most rules only make sense there.</summary>
    public bool IsLinux => string.Equals(Config.OS, "linux", StringComparison.OrdinalIgnoreCase);

    internal ContainerConfig Container => Config.Config ?? new ContainerConfig();

    /// <summary>The normalised app directory ("app").</summary>
    internal string AppPath => ImagePaths.Normalize(AppDirectory) ?? string.Empty;

    internal UserSpec User => UserSpec.Parse(Container.User);

    /// <summary>The environment as the container gets it; the last of duplicate names wins, as in Docker.</summary>
    internal IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string variable in Container.Env ?? [])
            {
                int equals = variable.IndexOf('=', StringComparison.Ordinal);
                env[equals < 0 ? variable : variable[..equals]] = equals < 0 ? string.Empty : variable[(equals + 1)..];
            }

            return env;
        }
    }

    internal IReadOnlyList<string> PathDirectories =>
        (Environment.TryGetValue("PATH", out string? path) ? path : DefaultPath).Split(':', StringSplitOptions.RemoveEmptyEntries);

    internal bool IsAppPath(string normalizedPath) =>
        AppPath.Length == 0 || normalizedPath == AppPath || normalizedPath.StartsWith(AppPath + "/", StringComparison.Ordinal);

    /// <summary>
    /// The UID and primary GID the container process gets: numeric parts as given, names looked up in the image's
    /// /etc/passwd and /etc/group; null where a name does not resolve.
    /// </summary>
    internal (int? Uid, int? Gid) ResolveUser()
    {
        UserSpec user = User;
        if (user.IsEmpty)
        {
            return (0, 0);
        }

        Dictionary<string, (int Id, int? Gid)> passwd = AccountFile.Read(FileContents.GetValueOrDefault("etc/passwd"));
        int? uid = user.NumericUid ?? (passwd.TryGetValue(user.User, out var entry) ? entry.Id : null);
        int? gid = user.Group is null
            ? passwd.Values.Where(p => p.Id == uid).Select(p => p.Gid).FirstOrDefault() ?? uid
            : user.NumericGid ?? (AccountFile.Read(FileContents.GetValueOrDefault("etc/group")).TryGetValue(user.Group, out var group) ? group.Id : null);
        return (uid, gid);
    }

    /// <summary>Whether any entry of the merged filesystem sits at or under <paramref name="directory"/> (after symlinks).</summary>
    internal bool HasAnythingUnder(string directory)
    {
        string path = Filesystem.Resolve(directory)?.Path ?? ImagePaths.Normalize(directory) ?? string.Empty;
        string prefix = path + "/";
        return Filesystem.Entries.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Whether a regular file or link whose name starts with <paramref name="namePrefix"/> is anywhere in the image.</summary>
    internal bool HasFileNamed(string namePrefix) =>
        Filesystem.Entries.Values.Any(e => e.Kind is EntryKind.File or EntryKind.Symlink or EntryKind.HardLink
            && e.Path[(e.Path.LastIndexOf('/') + 1)..].StartsWith(namePrefix, StringComparison.Ordinal));
}
