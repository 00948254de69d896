using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Registry;

/// <summary>
/// Credentials the way the docker CLI stores them: <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>,
/// looked up in <c>credHelpers</c> (per registry), then <c>auths</c> (base64 <c>auth</c> or <c>username</c> and
/// <c>password</c>), then <c>credsStore</c>. A helper runs as <c>docker-credential-&lt;name&gt; get</c> with the server
/// on stdin. A missing file, helper or entry means no credential; problems become <see cref="Notes"/>, which never
/// hold a secret.
/// </summary>
public sealed class DockerConfigCredentialProvider : IRegistryCredentialProvider
{
    private static readonly string[] DockerHubKeys = ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"];

    private readonly IReadOnlyList<string> helperSearchPath;
    private readonly TimeSpan helperTimeout;
    private readonly Dictionary<string, RegistryCredential?> cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> notes = [];
    private readonly object gate = new();
    private JsonDocument? config;
    private bool loaded;

    /// <param name="configPath">The config file; null for <see cref="DefaultConfigPath"/>.</param>
    /// <param name="helperSearchPath">Directories searched for credential helpers; null for <c>PATH</c>.</param>
    public DockerConfigCredentialProvider(string? configPath = null, IEnumerable<string>? helperSearchPath = null, TimeSpan? helperTimeout = null)
    {
        ConfigPath = configPath ?? DefaultConfigPath(Environment.GetEnvironmentVariable);
        this.helperSearchPath = (helperSearchPath ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)).ToArray();
        this.helperTimeout = helperTimeout ?? TimeSpan.FromSeconds(30);
    }

    public string ConfigPath { get; }

    /// <summary>What went wrong on the way to a credential (a missing helper, an unreadable file), for the build log.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (gate)
            {
                return notes.ToArray();
            }
        }
    }

    /// <summary><c>$DOCKER_CONFIG/config.json</c> when the variable is set, else <c>~/.docker/config.json</c>.</summary>
    public static string DefaultConfigPath(Func<string, string?> environment)
    {
        string? dockerConfig = environment("DOCKER_CONFIG");
        return string.IsNullOrEmpty(dockerConfig)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "config.json")
            : Path.Combine(dockerConfig, "config.json");
    }

    public RegistryCredential? GetCredential(string registry)
    {
        lock (gate)
        {
            if (!cache.TryGetValue(registry, out RegistryCredential? credential))
            {
                credential = Lookup(registry);
                cache[registry] = credential;
            }

            return credential;
        }
    }

    private RegistryCredential? Lookup(string registry)
    {
        JsonElement? root = Load();
        if (root is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }

        string[] keys = registry == ImageReference.DockerHub ? DockerHubKeys : [registry];
        // The server a helper is asked about: docker uses the legacy index URL for Docker Hub and the host otherwise.
        string server = keys[0];

        if (FindEntry(json, "credHelpers", keys) is { ValueKind: JsonValueKind.String } helper)
        {
            return RunHelper(helper.GetString()!, server, registry);
        }

        if (FindEntry(json, "auths", keys) is { ValueKind: JsonValueKind.Object } auth && FromAuthEntry(auth) is { } fromFile)
        {
            return fromFile;
        }

        return json.TryGetProperty("credsStore", out JsonElement store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName
            ? RunHelper(storeName, server, registry)
            : null;
    }

    private JsonElement? Load()
    {
        if (!loaded)
        {
            loaded = true;
            try
            {
                if (File.Exists(ConfigPath))
                {
                    config = JsonDocument.Parse(File.ReadAllBytes(ConfigPath));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                // The reason is the exception type only: a JSON error message can quote the file's content.
                notes.Add(Strings.Format("CH4012_ConfigUnreadable", ConfigPath, e.GetType().Name));
            }
        }

        return config?.RootElement;
    }

    private static JsonElement? FindEntry(JsonElement root, string section, string[] keys)
    {
        if (!root.TryGetProperty(section, out JsonElement entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string key in keys)
        {
            foreach (JsonProperty entry in entries.EnumerateObject())
            {
                if (string.Equals(entry.Name, key, StringComparison.OrdinalIgnoreCase) || string.Equals(HostOfKey(entry.Name), HostOfKey(key), StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }
        }

        return null;
    }

    /// <summary><c>https://host:port/v1/</c> → <c>host:port</c>: config keys may be URLs.</summary>
    private static string HostOfKey(string key)
    {
        int scheme = key.IndexOf("://", StringComparison.Ordinal);
        string rest = scheme >= 0 ? key.Substring(scheme + 3) : key;
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? rest.Substring(0, slash) : rest;
    }

    private RegistryCredential? FromAuthEntry(JsonElement entry)
    {
        if (entry.TryGetProperty("identitytoken", out JsonElement identity) && identity.ValueKind == JsonValueKind.String && identity.GetString() is { Length: > 0 } refreshToken)
        {
            return new RegistryCredential(RegistryCredential.IdentityTokenUsername, refreshToken, ConfigPath);
        }

        if (entry.TryGetProperty("auth", out JsonElement auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                return null;
            }

            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? new RegistryCredential(decoded.Substring(0, colon), decoded.Substring(colon + 1), ConfigPath) : null;
        }

        return entry.TryGetProperty("username", out JsonElement user) && user.GetString() is { Length: > 0 } username
            && entry.TryGetProperty("password", out JsonElement password) && password.GetString() is { Length: > 0 } secret
            ? new RegistryCredential(username, secret, ConfigPath)
            : null;
    }

    private RegistryCredential? RunHelper(string name, string server, string registry)
    {
        string program = "docker-credential-" + name;
        string? path = name.IndexOfAny(['/', '\\']) < 0 ? FindProgram(program) : null;
        if (path is null)
        {
            notes.Add(Strings.Format("CH4012_HelperNotFound", name, ConfigPath, registry));
            return null;
        }

        try
        {
            using Process process = new()
            {
                StartInfo = new ProcessStartInfo(path, "get")
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                },
            };
            process.Start();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            WriteServer(process, server);
            if (!process.WaitForExit((int)helperTimeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                notes.Add(Strings.Format("CH4012_HelperFailed", name, registry, "timeout"));
                return null;
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                // "credentials not found" is the normal answer for an unknown server; either way, go anonymous.
                notes.Add(Strings.Format("CH4012_HelperFailed", name, registry, process.ExitCode));
                return null;
            }

            using JsonDocument answer = JsonDocument.Parse(output.GetAwaiter().GetResult());
            _ = error.GetAwaiter().GetResult();
            return answer.RootElement.TryGetProperty("Username", out JsonElement user) && user.GetString() is { Length: > 0 } username
                && answer.RootElement.TryGetProperty("Secret", out JsonElement secret) && secret.GetString() is { Length: > 0 } value
                ? new RegistryCredential(username, value, program)
                : null;
        }
        catch (Exception e) when (e is Win32Exception or IOException or JsonException or InvalidOperationException)
        {
            notes.Add(Strings.Format("CH4012_HelperFailed", name, registry, e.GetType().Name));
            return null;
        }
    }

    /// <summary>
    /// Hands the helper the server name. A helper that exits without reading it (it failed, or needs no input) closes
    /// the pipe first: that broken pipe is not the failure to report, its exit code is.
    /// </summary>
    private static void WriteServer(Process process, string server)
    {
        try
        {
            process.StandardInput.Write(server);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The exit code below says what went wrong.
        }
    }

    private string? FindProgram(string program)
    {
        string[] extensions = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat"] : [""];
        foreach (string directory in helperSearchPath)
        {
            foreach (string extension in extensions)
            {
                string candidate = Path.Combine(directory, program + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
