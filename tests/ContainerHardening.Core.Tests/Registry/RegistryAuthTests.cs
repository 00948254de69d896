using System.Net;
using ContainerHardening.Diagnostics;
using ContainerHardening.Registry;
using static ContainerHardening.Tests.Registry.RegistryTestSupport;

namespace ContainerHardening.Tests.Registry;

public class RegistryAuthTests
{
    [Fact]
    public async Task Bearer_flow_gets_an_anonymous_token_for_the_scope_and_reuses_it()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer };
        AddImage(registry, "dotnet/aspnet", "10.0");
        using RegistryClient client = Client(registry);

        await client.GetManifestAsync(FakeRegistry.Repo("dotnet/aspnet").WithTag("10.0"));
        await client.GetManifestAsync(FakeRegistry.Repo("dotnet/aspnet").WithTag("10.0"));

        Assert.Equal(1, registry.TokensIssued);
        Assert.Equal(["repository:dotnet/aspnet:pull"], registry.TokenScopes);
        RecordedRequest token = registry.Requests.Single(r => r.Uri.Host == "auth.test");
        Assert.Null(token.Authorization);
        Assert.Equal($"?service={FakeRegistry.Host}&scope=repository%3Adotnet%2Faspnet%3Apull", token.Uri.Query);
        // challenge, token, retried request, then the second pull goes straight through with the cached token
        Assert.Equal([null, null, "Bearer", "Bearer"], registry.Requests.Select(r => r.Authorization?.Split(' ')[0]));
    }

    [Fact]
    public async Task An_expired_token_is_replaced_once_and_the_request_repeated()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer };
        AddImage(registry, "app", "1");
        using RegistryClient client = Client(registry);
        await client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1"));

        registry.RevokeTokens();
        RegistryManifest manifest = await client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1"));

        Assert.NotNull(manifest);
        Assert.Equal(2, registry.TokensIssued);
    }

    [Fact]
    public async Task Bearer_flow_sends_the_configured_credentials_to_the_token_service_only()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer, TokenNeedsCredentials = true };
        AddImage(registry, "private/app", "1");
        using RegistryClient client = Client(registry, new StaticCredentials(FakeRegistry.Host, registry.Username, registry.Password));

        await client.GetManifestAsync(FakeRegistry.Repo("private/app").WithTag("1"));

        Assert.Equal("Basic " + FakeRegistry.BasicValue(registry.Username, registry.Password), registry.Requests.Single(r => r.Uri.Host == "auth.test").Authorization);
        Assert.All(registry.Requests.Where(r => r.Uri.Host == FakeRegistry.Host && r.Authorization is not null), r => Assert.StartsWith("Bearer ", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_identity_token_is_exchanged_with_the_refresh_token_grant_in_a_form_body()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer, TokenNeedsCredentials = true };
        AddImage(registry, "private/app", "1");
        using RegistryClient client = Client(registry, new StaticCredentials(FakeRegistry.Host, RegistryCredential.IdentityTokenUsername, registry.RefreshToken));

        await client.GetManifestAsync(FakeRegistry.Repo("private/app").WithTag("1"));

        RecordedRequest token = registry.Requests.Single(r => r.Uri.Host == "auth.test");
        Assert.Equal(HttpMethod.Post, token.Method);
        Assert.Null(token.Authorization);
        Assert.DoesNotContain(registry.RefreshToken, token.Uri.ToString(), StringComparison.Ordinal);
        Assert.Equal(["repository:private/app:pull"], registry.TokenScopes);
    }

    [Fact]
    public async Task A_push_asks_for_pull_and_push_and_a_mount_also_for_pull_on_the_source()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer };
        RegistryDescriptor layer = AddImage(registry, "dotnet/aspnet", "10.0").Layer;
        using RegistryClient client = Client(registry);

        await client.PushBlobAsync(FakeRegistry.Repo("team/app"), layer, Stream.Null, mountFrom: "dotnet/aspnet");

        Assert.Contains("repository:team/app:pull,push", registry.TokenScopes);
        Assert.Contains("repository:dotnet/aspnet:pull", registry.TokenScopes);
    }

    [Fact]
    public async Task Basic_auth_answers_the_challenge_with_the_credentials()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Basic };
        AddImage(registry, "app", "1");
        using RegistryClient client = Client(registry, new StaticCredentials(FakeRegistry.Host, registry.Username, registry.Password));

        await client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1"));
        await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("missing").WithTag("1")));

        string expected = "Basic " + FakeRegistry.BasicValue(registry.Username, registry.Password);
        Assert.Equal([null, expected, expected], registry.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_wrong_password_is_CH4012_and_no_message_holds_the_password()
    {
        const string password = "hunter2-TOP-SECRET";
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Basic };
        AddImage(registry, "app", "1");
        using RegistryClient client = Client(registry, new StaticCredentials(FakeRegistry.Host, registry.Username, password));

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryAuthenticationFailed, error.Rule.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal($"The registry '{FakeRegistry.Host}' refused access to 'app' (HTTP 401): the credentials from test credentials were not accepted. Log in with 'docker login {FakeRegistry.Host}' or configure a credential helper, and check that the account may pull from this repository.", error.Message);
        AssertNoSecret(error, password);
    }

    [Fact]
    public async Task A_token_service_refusing_the_credentials_is_CH4012_without_the_password_or_a_token()
    {
        const string password = "wrong-TOKEN-SECRET";
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Bearer, TokenNeedsCredentials = true };
        AddImage(registry, "app", "1");
        using RegistryClient client = Client(registry, new StaticCredentials(FakeRegistry.Host, registry.Username, password));

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.PushManifestAsync(FakeRegistry.Repo("app"), "{}"u8.ToArray(), RegistryMediaTypes.OciManifest, ["x"]));

        Assert.Equal(DiagnosticIds.RegistryAuthenticationFailed, error.Rule.Id);
        Assert.Contains("may push to this repository", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error, password);
        AssertNoSecret(error, FakeRegistry.BasicValue(registry.Username, password));
    }

    [Fact]
    public async Task No_credentials_for_a_private_registry_is_CH4012_saying_so()
    {
        FakeRegistry registry = new() { Auth = FakeRegistry.AuthMode.Basic };
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryAuthenticationFailed, error.Rule.Id);
        Assert.Contains("(HTTP 401): no credentials were found for it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_never_prints_its_secret()
    {
        RegistryCredential credential = new("ci-bot", "s3cr3t", "/home/me/.docker/config.json");

        Assert.Equal("ci-bot (from /home/me/.docker/config.json)", credential.ToString());
    }

    private static void AssertNoSecret(RegistryException error, string secret)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToFinding().ToString(), StringComparison.Ordinal);
    }
}
