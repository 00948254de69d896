using System.Text;
using System.Text.RegularExpressions;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Secrets.Detectors;

/// <summary>
/// Every detector, by family. Priorities: 3 = a format with a vendor prefix or checksum, 2 = a structured credential,
/// 1 = a secret-looking key with a value. When findings overlap, the higher priority wins, so a GitHub token inside a
/// URL is reported once, as a GitHub token.
/// </summary>
internal static class DetectorCatalog
{
    private const int Specific = 3;
    private const int Structured = 2;
    private const int Heuristic = 1;

    private static readonly string[] NonSecretKeyParts =
    [
        "url", "uri", "endpoint", "path", "file", "name", "type", "header", "length", "policy", "format", "regex",
        "pattern", "expir", "lifetime", "timeout", "ttl", "enabled", "required", "require", "hash", "digest", "checksum",
        "integrity", "count", "max", "min", "prompt", "label", "field", "placeholder", "hint", "reset", "confirm",
        "valid", "provider", "store", "mode", "version", "kind", "size", "encoding", "algorithm", "issuer", "audience",
        "scope", "location", "description", "message", "error", "text", "title", "param", "query", "prefix", "suffix",
        "source", "option", "setting", "strength", "complexity", "rule", "char", "lockout", "history", "cookie", "ref",
        "less", "forgot", "generator", "manager", "handler", "service", "client_id", "clientid", "tokenizer", "lifespan",
        "publickey", "public_key", "public-key",
    ];

    private static readonly System.Buffers.SearchValues<char> UserInfoDelimiters = System.Buffers.SearchValues.Create("@/ \"'<>\r\n\t");

    private static readonly System.Buffers.SearchValues<char> Base64UrlChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly System.Buffers.SearchValues<char> LettersAndSeparators =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.");

    public static IReadOnlyList<SecretDetector> All { get; } = Create();

    private static SecretDetector[] Create() =>
    [
        // CH3001 private keys. Key material is checked by decoding it, not by placeholder words: a kilobyte of random
        // base64 contains "xxx" or "todo" often enough (about one key in thirty) that the word check would miss real keys.
        new PatternDetector("private-key-pem", RuleCatalog.PrivateKey, Structured, ["-----begin"], Window.Span(0, 20_000), [Patterns.PemPrivateKey()], (_, _, v, _) => IsKeyMaterial(v.ValueSpan), checkPlaceholder: false),
        new PatternDetector("private-key-putty", RuleCatalog.PrivateKey, Structured, ["putty-user-key-file-"], Window.Span(0, 12_000), [Patterns.PuttyPrivateKey()]),
        new PatternDetector("kubeconfig-client-key", RuleCatalog.PrivateKey, Structured, ["client-key-data"], Window.Line(0, 16_384), [Patterns.KubeconfigClientKey()], (_, _, v, _) => DecodesTo(v.ValueSpan, "PRIVATE KEY"), checkPlaceholder: false),
        new SshKeyFileDetector(),

        // CH3003 cloud credentials
        new PatternDetector("aws-access-key-id", RuleCatalog.CloudCredential, Specific, ["akia", "asia", "abia", "acca"], Window.Span(1, 24), [Patterns.AwsAccessKeyId()]),
        new PatternDetector("aws-secret-access-key", RuleCatalog.CloudCredential, Specific, ["secret_access_key", "secretaccesskey", "aws_secret_key", "awssecretkey"], Window.Line(64, 256), [Patterns.AwsSecretAccessKey()], (_, _, v, _) => SecretValue.Entropy(v.ValueSpan) >= 3.5),
        new PatternDetector("azure-storage-account-key", RuleCatalog.CloudCredential, Structured, ["accountkey="], Window.Span(0, 128), [Patterns.AzureStorageKey()]),
        new PatternDetector("azure-cosmos-db-key", RuleCatalog.CloudCredential, Specific, ["accountendpoint="], Window.Span(0, 512), [Patterns.CosmosConnectionString()]),
        new PatternDetector("azure-sas-token", RuleCatalog.CloudCredential, Structured, ["sig="], Window.Line(1024, 256), [Patterns.SasSignature()], IsSasSignature),
        new PatternDetector("azure-shared-access-key", RuleCatalog.CloudCredential, Structured, ["sharedaccesskey="], Window.Span(0, 96), [Patterns.SharedAccessKey()], (_, _, v, _) => SecretValue.DecodeBase64(v.ValueSpan)?.Length == 32),
        new PatternDetector("azure-app-configuration", RuleCatalog.CloudCredential, Specific, [".azconfig.io"], Window.Line(128, 384), [Patterns.AppConfigurationConnectionString()]),
        new PatternDetector("aad-client-secret", RuleCatalog.CloudCredential, Specific, ["q~", "clientsecret", "client_secret", "client-secret"], Window.Line(256, 512), [Patterns.AadClientSecretValue(), Patterns.AadClientSecretAssignment()], IsClientSecret),
        new PatternDetector("google-api-key", RuleCatalog.CloudCredential, Specific, ["aiza"], Window.Span(1, 48), [Patterns.GoogleApiKey()]),
        // The key is told from a placeholder as private-key-pem tells it, by decoding its body: placeholder words turn up
        // in random base64 (about one key in thirty spells "xxx" or "todo").
        new PatternDetector("google-service-account-key", RuleCatalog.CloudCredential, Specific, ["service_account"], Window.Span(8192, 8192), [Patterns.GoogleServiceAccountKey()], IsServiceAccountKey, checkPlaceholder: false),

        // CH3004 API tokens
        new PatternDetector("github-token", RuleCatalog.ServiceToken, Specific, ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], Window.Span(1, 41), [Patterns.GitHubToken()], (_, m, _, _) => SecretValue.HasValidBase62Checksum(m.Groups["body"].ValueSpan)),
        new PatternDetector("github-fine-grained-token", RuleCatalog.ServiceToken, Specific, ["github_pat_"], Window.Span(1, 94), [Patterns.GitHubFineGrainedToken()]),
        new PatternDetector("gitlab-token", RuleCatalog.ServiceToken, Specific, ["glpat-"], Window.Span(1, 90), [Patterns.GitLabToken()]),
        new PatternDetector("slack-token", RuleCatalog.ServiceToken, Specific, ["xox"], Window.Span(1, 256), [Patterns.SlackToken()]),
        new PatternDetector("stripe-key", RuleCatalog.ServiceToken, Specific, ["sk_live_", "rk_live_"], Window.Span(1, 110), [Patterns.StripeKey()]),
        new PatternDetector("sendgrid-key", RuleCatalog.ServiceToken, Specific, ["sg."], Window.Span(1, 72), [Patterns.SendGridKey()]),
        new PatternDetector("twilio-key", RuleCatalog.ServiceToken, Specific, ["twilio"], Window.Span(1024, 1024), [Patterns.TwilioApiKey(), Patterns.TwilioAuthToken()], (_, _, v, _) => SecretValue.Entropy(v.ValueSpan) >= 3.0),
        new PatternDetector("npm-token", RuleCatalog.ServiceToken, Specific, ["npm_"], Window.Span(1, 41), [Patterns.NpmToken()], (_, m, _, _) => SecretValue.HasValidBase62Checksum(m.Groups["body"].ValueSpan)),
        new PatternDetector("nuget-api-key", RuleCatalog.ServiceToken, Specific, ["oy2"], Window.Span(1, 47), [Patterns.NuGetApiKey()]),

        // CH3005 connection strings and URIs with a password
        new PatternDetector("connection-string-password", RuleCatalog.ConnectionStringPassword, Structured, ["password", "pwd"], Window.Line(1024, 512), [Patterns.ConnectionStringPassword()], (c, m, v, at) => !Patterns.ExpressionOrNumberOrProse().IsMatch(v.ValueSpan.Trim("\"'{}")) && IsConnectionString(c, m, v, at), precheck: (c, hit) => IsAssignedAfterKey(c, hit, maxKeyTail: 0)),
        new PatternDetector("credential-uri", RuleCatalog.ConnectionStringPassword, Structured, ["://"], Window.Line(32, 512), [Patterns.CredentialUri()], (_, _, v, _) => !IsPortNumber(v.ValueSpan), precheck: HasUserInfo),

        // CH3006 JSON Web Tokens
        new PatternDetector("jwt", RuleCatalog.JsonWebToken, Structured, ["eyj"], Window.Line(1, 8192), [Patterns.JsonWebToken()], (_, m, _, _) => DecodesTo(m.Groups["header"].ValueSpan, "\"alg\""), precheck: IsThreePartToken),

        // CH3007 secret-looking configuration values
        new PatternDetector("secret-assignment", RuleCatalog.ConfigurationSecret, Heuristic, ["password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key"], Window.Line(256, 512), [Patterns.QuotedSecretAssignment(), Patterns.BareSecretAssignment()], IsSecretAssignment, precheck: (c, hit) => IsAssignedAfterKey(c, hit, maxKeyTail: 64)),

        // CH3008 tool credential files
        new PatternDetector("nuget-cleartext-password", RuleCatalog.CredentialFile, Specific, ["cleartextpassword"], Window.Line(256, 1024), [Patterns.NuGetClearTextPassword()]),
        new PatternDetector("npmrc-auth", RuleCatalog.CredentialFile, Specific, ["_authtoken", "_auth", "_password"], Window.Line(256, 1024), [Patterns.NpmrcAuth()], precheck: (c, _) => c.FileName.Contains("npmrc", StringComparison.Ordinal) || c.FileName.Contains("yarnrc", StringComparison.Ordinal)),
        new PatternDetector("docker-config-auth", RuleCatalog.CredentialFile, Specific, ["\"auth\""], Window.Span(0, 1024), [Patterns.DockerConfigAuth()], (_, _, v, _) => DecodesTo(v.ValueSpan, ":")),
        new UserSecretsFileDetector(),
    ];

    /// <summary>
    /// Whether the keyword at <paramref name="hit"/> is followed, after at most <paramref name="maxKeyTail"/> more key
    /// characters, an optional closing quote and blanks, by an assignment (<c>=</c>, <c>:</c>, <c>:=</c>, <c>=&gt;</c>).
    /// </summary>
    private static bool IsAssignedAfterKey(TextScanContext context, int hit, int maxKeyTail)
    {
        ReadOnlySpan<char> text = context.Text;
        int i = hit;
        int limit = Math.Min(text.Length, hit + 16 + maxKeyTail);
        while (i < limit && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i < text.Length && text[i] is '=' or ':';
    }

    /// <summary>After <c>://</c>, the first delimiter is the <c>@</c> that ends a user-info part.</summary>
    private static bool HasUserInfo(TextScanContext context, int hit)
    {
        ReadOnlySpan<char> rest = context.Text[Math.Min(context.Length, hit + 3)..context.Clamp((long)hit + 400)];
        int delimiter = rest.IndexOfAny(UserInfoDelimiters);
        return delimiter > 0 && rest[delimiter] == '@';
    }

    /// <summary>After <c>eyJ</c>, at least eight base64url characters and a dot.</summary>
    private static bool IsThreePartToken(TextScanContext context, int hit)
    {
        ReadOnlySpan<char> rest = context.Text[hit..context.Clamp((long)hit + 4096)];
        int end = rest.IndexOfAnyExcept(Base64UrlChars);
        return end >= 11 && rest[end] == '.';
    }

    /// <summary>A PEM body that is base64 key material after its header lines, and long enough to be a key.</summary>
    private static bool IsKeyMaterial(ReadOnlySpan<char> body)
    {
        var material = new StringBuilder(body.Length);
        foreach (string line in body.ToString().Replace("\\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (!line.Contains(':', StringComparison.Ordinal))
            {
                material.Append(line.Trim());
            }
        }

        return SecretValue.DecodeBase64(material.ToString()) is { Length: >= 64 };
    }

    /// <summary>A PEM private key with real key material, in a service-account file: <c>client_email</c> near it.</summary>
    private static bool IsServiceAccountKey(TextScanContext context, Match match, Group value, int at) =>
        context.Text[context.Clamp((long)at - 8192)..context.Clamp((long)at + 8192)].Contains("\"client_email\"", StringComparison.Ordinal)
        && Patterns.PemPrivateKey().Match(value.Value) is { Success: true } pem && IsKeyMaterial(pem.Groups["value"].ValueSpan);

    private static bool DecodesTo(ReadOnlySpan<char> base64, string expected) =>
        SecretValue.DecodeBase64(base64) is { } bytes && Encoding.UTF8.GetString(bytes).Contains(expected, StringComparison.Ordinal);

    private static bool IsSasSignature(TextScanContext context, Match match, Group value, int at)
    {
        int start = context.LineStart(at, 1024);
        int end = context.LineEnd(at, 512);
        int parameters = Patterns.SasParameter().Count(context.Text[start..end]);
        string signature = Uri.UnescapeDataString(value.Value);
        return parameters >= 2 && SecretValue.DecodeBase64(signature)?.Length == 32;
    }

    private static bool IsClientSecret(TextScanContext context, Match match, Group value, int at)
    {
        ReadOnlySpan<char> v = value.ValueSpan;
        return v.Contains("Q~", StringComparison.Ordinal)
            || (!SecretValue.IsGuid(v) && SecretValue.Entropy(v) >= 3.0 && SecretValue.CharacterClasses(v) >= 2 && !IsWords(v));
    }

    private static bool IsConnectionString(TextScanContext context, Match match, Group value, int at)
    {
        int start = context.LineStart(at, 1024);
        int end = context.LineEnd(at, 512);
        return Patterns.ConnectionStringContext().IsMatch(context.Text[start..end]);
    }

    /// <summary>
    /// Letters and separators only (<c>SecretLintCoreResult</c>, <c>secret-from-app-registration</c>): a name or a
    /// template's hint. Generated tokens have digits or symbols.
    /// </summary>
    private static bool IsWords(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(LettersAndSeparators);

    private static bool IsPortNumber(ReadOnlySpan<char> value) => value.Length <= 5 && !value.ContainsAnyExceptInRange('0', '9');

    private static bool IsSecretAssignment(TextScanContext context, Match match, Group value, int at)
    {
        Group keyGroup = match.Groups["key"];
        ReadOnlySpan<char> text = context.Text;
        int keyEnd = at + keyGroup.Index + keyGroup.Length;
        int keyStart = at + keyGroup.Index;
        while (keyStart > 0 && keyEnd - keyStart < 128 && (char.IsAsciiLetterOrDigit(text[keyStart - 1]) || text[keyStart - 1] is '_' or '.' or '-'))
        {
            keyStart--;
        }

        string key = text[keyStart..keyEnd].ToString().ToLowerInvariant();
        ReadOnlySpan<char> v = value.ValueSpan.Trim().TrimEnd(",;");
        if (v.IsEmpty)
        {
            return false;
        }

        if (NonSecretKeyParts.Any(part => key.Contains(part, StringComparison.Ordinal)) || key.EndsWith("id", StringComparison.Ordinal) || key.EndsWith("ids", StringComparison.Ordinal))
        {
            return false;
        }

        if (v.Equals(key, StringComparison.OrdinalIgnoreCase) || v.Contains("://", StringComparison.Ordinal) || v[0] is '/' or '.' or '~' or '@' || v.Contains('\\')
            || Patterns.ExpressionOrNumberOrProse().IsMatch(v))
        {
            return false;
        }

        bool passwordKey = key.Contains("pass", StringComparison.Ordinal) || key.Contains("pwd", StringComparison.Ordinal);
        return passwordKey
            ? v.Length >= 6
            : v.Length >= 16 && !SecretValue.IsGuid(v) && SecretValue.Entropy(v) >= 3.0 && SecretValue.CharacterClasses(v) >= 2
                && !IsWords(v);
    }
}
