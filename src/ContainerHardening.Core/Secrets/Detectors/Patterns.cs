using System.Text.RegularExpressions;

namespace ContainerHardening.Secrets.Detectors;

/// <summary>
/// Every detector pattern, source-generated. Patterns run only over the small window around a keyword hit, and each
/// has a one-second timeout; a timeout makes the file a skip, never a hang.
/// </summary>
internal static partial class Patterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions IgnoreCase = Options | RegexOptions.IgnoreCase;
    private const int Timeout = 1000;

    [GeneratedRegex(@"-----BEGIN (?<kind>(RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?)-----(?<value>[A-Za-z0-9+/=\s\\:,\-]{32,16384}?)-----END \k<kind>-----", Options, Timeout)]
    public static partial Regex PemPrivateKey();

    [GeneratedRegex(@"PuTTY-User-Key-File-[23]: [a-z0-9\-]+\r?\n[\s\S]{0,4096}?Private-Lines: [0-9]+\r?\n(?<value>([A-Za-z0-9+/=]{1,128}(\r?\n)?){1,64})", Options, Timeout)]
    public static partial Regex PuttyPrivateKey();

    [GeneratedRegex(@"client-key-data:\s*[""']?(?<value>[A-Za-z0-9+/=]{64,})", Options, Timeout)]
    public static partial Regex KubeconfigClientKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<value>(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])", Options, Timeout)]
    public static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(aws_?secret_?(access_?)?key|secret_?access_?key)[""']?\s*[:=]\s*[""']?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", IgnoreCase, Timeout)]
    public static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"AccountKey=(?<value>[A-Za-z0-9+/]{86}==)", IgnoreCase, Timeout)]
    public static partial Regex AzureStorageKey();

    [GeneratedRegex(@"AccountEndpoint=https://[^;\s""']+;\s*AccountKey=(?<value>[A-Za-z0-9+/]{86}==)", IgnoreCase, Timeout)]
    public static partial Regex CosmosConnectionString();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])sig=(?<value>[A-Za-z0-9%+/]{40,120}(=|%3D){0,2})", IgnoreCase, Timeout)]
    public static partial Regex SasSignature();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(sv|se|sp|spr|srt|ss|sr)=", Options, Timeout)]
    public static partial Regex SasParameter();

    [GeneratedRegex(@"SharedAccessKey=(?<value>[A-Za-z0-9+/]{42,43}=)", IgnoreCase, Timeout)]
    public static partial Regex SharedAccessKey();

    [GeneratedRegex(@"Endpoint=https://[A-Za-z0-9\-]+\.azconfig\.io;\s*Id=[^;\s""']+;\s*Secret=(?<value>[A-Za-z0-9+/]{40,}={0,2})", IgnoreCase, Timeout)]
    public static partial Regex AppConfigurationConnectionString();

    [GeneratedRegex(@"(?<![A-Za-z0-9_~.\-])(?<value>[A-Za-z0-9_~.\-]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?![A-Za-z0-9_~.\-])", Options, Timeout)]
    public static partial Regex AadClientSecretValue();

    [GeneratedRegex(@"client[_\-]?secret[""']?\s*[:=]\s*[""']?(?<value>[A-Za-z0-9_~.\-+/=!@#%^&*]{16,256})", IgnoreCase, Timeout)]
    public static partial Regex AadClientSecretAssignment();

    [GeneratedRegex(@"(?<value>AIza[0-9A-Za-z_\-]{35})(?![0-9A-Za-z_\-])", Options, Timeout)]
    public static partial Regex GoogleApiKey();

    [GeneratedRegex(@"""private_key""\s*:\s*""(?<value>-----BEGIN[^""]{64,})""", Options, Timeout)]
    public static partial Regex GoogleServiceAccountKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<value>gh[pousr]_(?<body>[A-Za-z0-9]{36}))(?![A-Za-z0-9_])", Options, Timeout)]
    public static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<value>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])", Options, Timeout)]
    public static partial Regex GitHubFineGrainedToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])(?<value>glpat-[A-Za-z0-9_\-]{20,80})(?![A-Za-z0-9_\-])", Options, Timeout)]
    public static partial Regex GitLabToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<value>xox[baprs]-[0-9A-Za-z]{8,}-[0-9A-Za-z\-]{8,})(?![0-9A-Za-z\-])", Options, Timeout)]
    public static partial Regex SlackToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<value>[sr]k_live_[0-9A-Za-z]{24,99})(?![0-9A-Za-z])", Options, Timeout)]
    public static partial Regex StripeKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<value>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?![A-Za-z0-9_\-])", Options, Timeout)]
    public static partial Regex SendGridKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<value>SK[0-9a-f]{32})(?![A-Za-z0-9])", Options, Timeout)]
    public static partial Regex TwilioApiKey();

    [GeneratedRegex(@"auth_?token[""']?\s*[:=]\s*[""']?(?<value>[0-9a-f]{32})(?![0-9A-Za-z])", IgnoreCase, Timeout)]
    public static partial Regex TwilioAuthToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<value>npm_(?<body>[A-Za-z0-9]{36}))(?![A-Za-z0-9_])", Options, Timeout)]
    public static partial Regex NpmToken();

    [GeneratedRegex(@"(?<![a-z0-9])(?<value>oy2[a-z0-9]{43})(?![a-z0-9])", Options, Timeout)]
    public static partial Regex NuGetApiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(password|pwd)\s*=\s*(?<value>""[^""\r\n]*""|'[^'\r\n]*'|\{[^}\r\n]*\}|[^;,""'`<>\s]+)", IgnoreCase, Timeout)]
    public static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"((^|[;""'\s,])(server|data\s?source|host|hostname|user\s?id|uid|user\s?name|username|user|database|initial\s?catalog|addr|address)\s*=)|([A-Za-z0-9.\-]+:[0-9]{2,5},)", IgnoreCase, Timeout)]
    public static partial Regex ConnectionStringContext();

    [GeneratedRegex(@"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,19}://[^:@/\s""'<>]{1,128}:(?<value>[^@/\s""'<>]{1,256})@[A-Za-z0-9.\-\[]", Options, Timeout)]
    public static partial Regex CredentialUri();

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])(?<value>(?<header>eyJ[A-Za-z0-9_\-]{8,})\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,})(?![A-Za-z0-9_\-])", Options, Timeout)]
    public static partial Regex JsonWebToken();

    private const string SecretWord = @"(?i:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key)";

    // Starts at the secret word (the key's prefix is read back by the validator), so the engine can jump to the word.
    [GeneratedRegex(@"(?<key>" + SecretWord + @"[A-Za-z0-9_.\-]{0,64})[""']?\s*(:=|=>|:|=)\s*(?<q>[""'])(?<value>[^""'\r\n]{1,512})\k<q>", Options, Timeout)]
    public static partial Regex QuotedSecretAssignment();

    [GeneratedRegex(@"^[ \t]*(export[ \t]+|-[ \t]+)?(?<key>[A-Za-z0-9_.\-]{0,64}" + SecretWord + @"[A-Za-z0-9_.\-]{0,64})[ \t]*[:=][ \t]*(?<value>[^\s""'#][^\r\n""']{0,511}?)[ \t]*$", Options | RegexOptions.Multiline, Timeout)]
    public static partial Regex BareSecretAssignment();

    // Code (a.b, a?.b, calls), numbers, prose, and relative file paths (bin/tool.js).
    [GeneratedRegex(@"^[A-Za-z_$][\w$]*(\??\.[A-Za-z_$][\w$]*)+$|^[0-9.]+$|[()]|\s|^[\w.\-@]+(/[\w.\-@]+)*/[\w\-@]+\.[A-Za-z0-9]{1,5}$", Options, Timeout)]
    public static partial Regex ExpressionOrNumberOrProse();

    [GeneratedRegex(@"key\s*=\s*""ClearTextPassword""\s+value\s*=\s*""(?<value>[^""]*)""", IgnoreCase, Timeout)]
    public static partial Regex NuGetClearTextPassword();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(_authToken|_auth|_password)\s*=\s*[""']?(?<value>[^\s""']+)", IgnoreCase, Timeout)]
    public static partial Regex NpmrcAuth();

    [GeneratedRegex(@"""auth""\s*:\s*""(?<value>[A-Za-z0-9+/]{8,}={0,2})""", Options, Timeout)]
    public static partial Regex DockerConfigAuth();
}
