using System.Text;
using ContainerHardening.Registry;

namespace ContainerHardening.Tests.Registry;

public sealed class DockerConfigCredentialProviderTests() : TemporaryFolderTests("ch-docker-config-")
{
    [Fact]
    public void Reads_a_base64_auth_entry_keyed_by_host()
    {
        string path = Config(Auths("registry.example.com", Base64("ci-bot:s3cr3t:with:colons")));

        RegistryCredential? credential = new DockerConfigCredentialProvider(path, []).GetCredential("registry.example.com");

        Assert.NotNull(credential);
        Assert.Equal("ci-bot", credential.Username);
        Assert.Equal("s3cr3t:with:colons", credential.Secret);
        Assert.Equal(path, credential.Source);
    }

    [Fact]
    public void Reads_username_and_password_entries_keyed_by_url()
    {
        string path = Config("""{"auths":{"https://localhost:5000/v2/":{"username":"me","password":"pw"}}}""");

        RegistryCredential? credential = new DockerConfigCredentialProvider(path, []).GetCredential("localhost:5000");

        Assert.Equal("me", credential?.Username);
        Assert.Equal("pw", credential?.Secret);
    }

    [Fact]
    public void An_identity_token_entry_becomes_an_identity_token_credential()
    {
        string path = Config("""{"auths":{"myregistry.azurecr.io":{"auth":"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==","identitytoken":"eyJhbGciOi-refresh"}}}""");

        RegistryCredential? credential = new DockerConfigCredentialProvider(path, []).GetCredential("myregistry.azurecr.io");

        Assert.True(credential?.IsIdentityToken);
        Assert.Equal("eyJhbGciOi-refresh", credential?.Secret);
    }

    [Fact]
    public void Docker_hub_uses_the_legacy_index_key()
    {
        string path = Config(Auths("https://index.docker.io/v1/", Base64("hubuser:hubpass")));

        Assert.Equal("hubuser", new DockerConfigCredentialProvider(path, []).GetCredential(ImageReference.DockerHub)?.Username);
    }

    [Fact]
    public void An_unknown_registry_or_a_missing_file_has_no_credential_and_no_note()
    {
        DockerConfigCredentialProvider provider = new(Config("""{"auths":{}}"""), []);
        DockerConfigCredentialProvider missing = new(Path.Combine(Folder, "nope.json"), []);

        Assert.Null(provider.GetCredential("ghcr.io"));
        Assert.Null(missing.GetCredential("ghcr.io"));
        Assert.Empty(provider.Notes);
        Assert.Empty(missing.Notes);
    }

    [Fact]
    public void A_broken_file_is_a_note_that_does_not_quote_its_content()
    {
        DockerConfigCredentialProvider provider = new(Config("{\"auths\":{\"x\":{\"auth\":\"c2VjcmV0\""), []);

        Assert.Null(provider.GetCredential("x"));
        string note = Assert.Single(provider.Notes);
        Assert.DoesNotContain("c2VjcmV0", note, StringComparison.Ordinal);
    }

    [Fact]
    public void DOCKER_CONFIG_wins_over_the_home_directory()
    {
        Assert.Equal(Path.Combine("/etc/ci-docker", "config.json"), DockerConfigCredentialProvider.DefaultConfigPath(name => name == "DOCKER_CONFIG" ? "/etc/ci-docker" : null));
        Assert.EndsWith(Path.Combine(".docker", "config.json"), DockerConfigCredentialProvider.DefaultConfigPath(_ => null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cred_helper_gets_the_server_on_stdin_and_its_json_becomes_the_credential()
    {
        string bin = Helper("fake", """
            read server
            [ "$1" = get ] || exit 3
            printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret-for-%s"}' "$server" "$server"
            """);
        string path = Config("""{"auths":{"registry.example.com":{}},"credHelpers":{"registry.example.com":"fake"}}""");

        RegistryCredential? credential = new DockerConfigCredentialProvider(path, [bin]).GetCredential("registry.example.com");

        Assert.Equal("helper-user", credential?.Username);
        Assert.Equal("helper-secret-for-registry.example.com", credential?.Secret);
        Assert.Equal("docker-credential-fake", credential?.Source);
    }

    [Fact]
    public void The_creds_store_serves_registries_without_their_own_entry_and_docker_hub_by_its_index_url()
    {
        string bin = Helper("store", """
            read server
            printf '{"Username":"store-user","Secret":"%s"}' "$server"
            """);
        string path = Config("""{"credsStore":"store"}""");

        Assert.Equal("https://index.docker.io/v1/", new DockerConfigCredentialProvider(path, [bin]).GetCredential(ImageReference.DockerHub)?.Secret);
    }

    [Fact]
    public void A_helper_that_fails_means_no_credential_and_a_note_without_its_output()
    {
        string bin = Helper("broken", """
            echo "leaked-secret-on-stderr" >&2
            exit 1
            """);
        DockerConfigCredentialProvider provider = new(Config("""{"credsStore":"broken"}"""), [bin]);

        Assert.Null(provider.GetCredential("ghcr.io"));
        string note = Assert.Single(provider.Notes);
        Assert.Equal("The credential helper 'docker-credential-broken' failed for 'ghcr.io' (exit code 1); continuing without credentials.", note);
    }

    [Fact]
    public void A_missing_helper_means_no_credential_and_a_note()
    {
        string path = Config("""{"credHelpers":{"gcr.io":"gcloud"}}""");
        DockerConfigCredentialProvider provider = new(path, [Folder]);

        Assert.Null(provider.GetCredential("gcr.io"));
        Assert.Null(provider.GetCredential("gcr.io"));
        Assert.Equal([$"The credential helper 'docker-credential-gcloud' named in {path} was not found; continuing without credentials for 'gcr.io'."], provider.Notes);
    }

    private string Config(string json)
    {
        string path = Path.Combine(Folder, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    private string Helper(string name, string body)
    {
        string bin = Path.Combine(Folder, "bin");
        Directory.CreateDirectory(bin);
        string path = Path.Combine(bin, "docker-credential-" + name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r", "", StringComparison.Ordinal) + "\n");
        // The helpers are shell scripts: these tests run where CI runs, on Linux.
        Assert.False(OperatingSystem.IsWindows(), "credential helper tests need a POSIX shell");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return bin;
    }

    private static string Auths(string key, string auth) => "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
