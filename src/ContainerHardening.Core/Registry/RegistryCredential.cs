namespace ContainerHardening.Registry;

/// <summary>
/// A user name and secret (password, personal access token) for one registry. <see cref="ToString"/> never shows
/// the secret, so the object is safe in logs and debugger displays.
/// </summary>
/// <param name="Source">Where it came from, for messages: a config file path or <c>docker-credential-&lt;name&gt;</c>.</param>
public sealed class RegistryCredential(string username, string secret, string source)
{
    public string Username { get; } = username;

    public string Secret { get; } = secret;

    public string Source { get; } = source;

    /// <summary>
    /// The user name docker uses for an identity (refresh) token, as <c>az acr login</c> and some credential helpers
    /// store them: the secret is then exchanged at the token service with the OAuth2 refresh-token grant.
    /// </summary>
    public const string IdentityTokenUsername = "<token>";

    public bool IsIdentityToken => Username == IdentityTokenUsername;

    public override string ToString() => $"{Username} (from {Source})";
}

/// <summary>Finds credentials for a registry, as named in an image reference (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
public interface IRegistryCredentialProvider
{
    /// <summary>The credential for <paramref name="registry"/>, or null to go anonymous.</summary>
    RegistryCredential? GetCredential(string registry);
}
