using System.Security.Cryptography;
using System.Text;
using ContainerHardening.Secrets;

namespace ContainerHardening.Tests.Secrets;

/// <summary>One labelled corpus file: the detectors that must fire on it (none for a negative).</summary>
internal sealed record CorpusSample(string Path, byte[] Content, string[] Expected)
{
    public static CorpusSample Text(string path, string text, params string[] expected) => new(path, Encoding.UTF8.GetBytes(text), expected);
}

/// <summary>
/// The labelled corpus, generated at test time with a fixed seed: fake credentials in the real formats (so nothing
/// real-looking is committed and push protection has nothing to block) and tricky negatives.
/// </summary>
internal static class SecretCorpus
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Alnum = Upper + Lower + Digits;
    private const string Hex = "0123456789abcdef";

    public static IReadOnlyList<CorpusSample> Create(int perDetector = 12)
    {
        var r = new Random(20261206);
        var samples = new List<CorpusSample>();
        for (int i = 0; i < perDetector; i++)
        {
            samples.AddRange(Positives(r, i));
        }

        samples.AddRange(Negatives(r));
        return samples;
    }

    private static string S(Random r, string alphabet, int n) => new(Enumerable.Range(0, n).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());

    private static string B64(Random r, int bytes)
    {
        byte[] b = new byte[bytes];
        r.NextBytes(b);
        return Convert.ToBase64String(b);
    }

    public static string GitHubToken(Random r, char kind = 'p')
    {
        string body = S(r, Alnum, 30);
        return $"gh{kind}_" + body + Base62Crc(body);
    }

    public static string NpmToken(Random r)
    {
        string body = S(r, Alnum, 30);
        return "npm_" + body + Base62Crc(body);
    }

    private static string Base62Crc(string body)
    {
        uint crc = 0xFFFFFFFF;
        foreach (char c in body)
        {
            crc ^= c;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        crc = ~crc;
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--)
        {
            digits[i] = (Digits + Upper + Lower)[(int)(crc % 62)];
            crc /= 62;
        }

        return new string(digits);
    }

    public static string AwsKeyId(Random r) => "AKIA" + S(r, Upper + "234567", 16);

    private static string Jwt(Random r)
    {
        static string U(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return U("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + U($"{{\"sub\":\"{r.Next()}\",\"name\":\"user{r.Next(1000)}\",\"iat\":{1700000000 + r.Next(1000000)}}}") + "." + B64(r, 32).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string Pem(int i) => (i % 5) switch
    {
        0 => Rsa().ExportRSAPrivateKeyPem(),
        1 => Ec().ExportPkcs8PrivateKeyPem(),
        2 => Ec().ExportECPrivateKeyPem(),
        3 => Ec().ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
        _ => "-----BEGIN OPENSSH PRIVATE KEY-----\n" + string.Join('\n', Convert.ToBase64String(RandomNumberGenerator.GetBytes(400)).Chunk(70).Select(c => new string(c))) + "\n-----END OPENSSH PRIVATE KEY-----\n",
    };

    private static RSA Rsa() => RSA.Create(1024);

    private static ECDsa Ec() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static IEnumerable<CorpusSample> Positives(Random r, int i)
    {
        string pw = S(r, Alnum, 10) + "!" + S(r, Digits, 2);
        string pem = Pem(i);
        yield return CorpusSample.Text($"/app/keys/server{i}.key", pem, "private-key-pem");
        yield return CorpusSample.Text($"/app/config{i}.json", "{\n  \"signingKey\": \"" + pem.Replace("\n", "\\n", StringComparison.Ordinal) + "\"\n}\n", "private-key-pem");
        yield return CorpusSample.Text($"/app/deploy{i}.ppk", $"PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-{i}\nPublic-Lines: 2\n{B64(r, 48)}\n{B64(r, 30)}\nPrivate-Lines: 3\n{B64(r, 48)}\n{B64(r, 48)}\n{B64(r, 20)}\nPrivate-MAC: {S(r, Hex, 64)}\n", "private-key-putty");
        yield return CorpusSample.Text($"/root/.kube/config{i}", $"users:\n- name: admin\n  user:\n    client-certificate-data: {B64(r, 300)}\n    client-key-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(Ec().ExportECPrivateKeyPem()))}\n", "kubeconfig-client-key");
        yield return CorpusSample.Text($"/home/app{i}/.ssh/id_ed25519", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" + S(r, Alnum, 200) + "\n", "ssh-private-key-file");
        string akid = AwsKeyId(r);
        yield return CorpusSample.Text($"/app/.aws/credentials{i}", $"[default]\naws_access_key_id = {akid}\n", "aws-access-key-id");
        yield return CorpusSample.Text($"/app/aws{i}.env", $"AWS_SECRET_ACCESS_KEY={B64(r, 30)}\n", "aws-secret-access-key");
        string storageKey = B64(r, 64);
        yield return CorpusSample.Text($"/app/appsettings.storage{i}.json", $"{{ \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acct{i};AccountKey={storageKey};EndpointSuffix=core.windows.net\" }}", "azure-storage-account-key");
        yield return CorpusSample.Text($"/app/cosmos{i}.txt", $"AccountEndpoint=https://db{i}.documents.azure.com:443/;AccountKey={B64(r, 64)};", "azure-cosmos-db-key");
        yield return CorpusSample.Text($"/app/blob{i}.txt", $"url=https://acct{i}.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig={Uri.EscapeDataString(B64(r, 32))}\n", "azure-sas-token");
        yield return CorpusSample.Text($"/app/bus{i}.json", $"{{ \"Bus\": \"Endpoint=sb://ns{i}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={B64(r, 32)}\" }}", "azure-shared-access-key");
        yield return CorpusSample.Text($"/app/appconfig{i}.json", $"{{ \"AppConfig\": \"Endpoint=https://cfg{i}.azconfig.io;Id={S(r, Alnum, 4)}-l0-s0:{S(r, Alnum, 20)};Secret={B64(r, 32)}\" }}", "azure-app-configuration");
        yield return CorpusSample.Text($"/app/aad{i}.json", $"{{ \"AzureAd\": {{ \"ClientId\": \"{Guid.NewGuid()}\", \"ClientSecret\": \"{S(r, Alnum, 3)}{r.Next(10)}Q~{S(r, Alnum + "_-", 34)}\" }} }}", "aad-client-secret");
        yield return CorpusSample.Text($"/app/web{i}.js", $"const maps = {{ key: \"AIza{S(r, Alnum + "_-", 35)}\" }};", "google-api-key");
        yield return CorpusSample.Text($"/app/gcp{i}.json", $"{{\n  \"type\": \"service_account\",\n  \"project_id\": \"p{i}\",\n  \"private_key_id\": \"{S(r, Hex, 40)}\",\n  \"private_key\": \"{Ec().ExportPkcs8PrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal)}\",\n  \"client_email\": \"svc@p{i}.iam.gserviceaccount.com\"\n}}\n", "google-service-account-key");
        yield return CorpusSample.Text($"/app/ci{i}.yml", $"env:\n  GH: {GitHubToken(r, "pousr"[i % 5])}\n", "github-token");
        yield return CorpusSample.Text($"/app/gh{i}.txt", $"github_pat_{S(r, Alnum, 22)}_{S(r, Alnum, 59)}\n", "github-fine-grained-token");
        yield return CorpusSample.Text($"/app/gl{i}.sh", $"curl -H 'PRIVATE-TOKEN: glpat-{S(r, Alnum + "_-", 20)}' https://gitlab.example.com\n", "gitlab-token");
        yield return CorpusSample.Text($"/app/slack{i}.py", $"client = WebClient(\"xoxb-{S(r, Digits, 12)}-{S(r, Digits, 13)}-{S(r, Alnum, 24)}\")\n", "slack-token");
        yield return CorpusSample.Text($"/app/pay{i}.rb", $"Stripe.api_key = 'sk_live_{S(r, Alnum, 24)}'\n", "stripe-key");
        yield return CorpusSample.Text($"/app/mail{i}.cs", $"var client = new SendGridClient(\"SG.{S(r, Alnum + "_-", 22)}.{S(r, Alnum + "_-", 43)}\");\n", "sendgrid-key");
        yield return CorpusSample.Text($"/app/sms{i}.js", $"const twilio = require('twilio')('AC{S(r, Hex, 32)}', 'x');\nconst apiKey = 'SK{S(r, Hex, 32)}';\n", "twilio-key");
        yield return CorpusSample.Text($"/app/.npmrc{i}.txt", $"token: {NpmToken(r)}\n", "npm-token");
        yield return CorpusSample.Text($"/app/push{i}.ps1", $"dotnet nuget push *.nupkg -k oy2{S(r, Lower + Digits, 43)}\n", "nuget-api-key");
        yield return CorpusSample.Text($"/app/appsettings.{i}.json", $"{{ \"ConnectionStrings\": {{ \"Db\": \"Server=sql{i};Database=app;User Id=sa;Password={pw};TrustServerCertificate=true\" }} }}", "connection-string-password");
        yield return CorpusSample.Text($"/app/pg{i}.conf", $"Host=pg{i};Port=5432;Username=app;Pwd={pw}\n", "connection-string-password");
        yield return CorpusSample.Text($"/app/redis{i}.txt", $"cache{i}.redis.cache.windows.net:6380,password={S(r, Alnum, 32)},ssl=True,abortConnect=False\n", "connection-string-password");
        yield return CorpusSample.Text($"/app/mongo{i}.env", $"MONGO=mongodb+srv://app:{pw}@cluster{i}.mongodb.net/db\n", "credential-uri");
        yield return CorpusSample.Text($"/root/.git-credentials{i}", $"https://deploy:{S(r, Alnum, 30)}@git.example.com\n", "credential-uri");
        yield return CorpusSample.Text($"/app/amqp{i}.yml", $"broker: amqps://svc:{pw}@mq{i}.internal:5671/vhost\n", "credential-uri");
        yield return CorpusSample.Text($"/app/auth{i}.http", $"Authorization: Bearer {Jwt(r)}\n", "jwt");
        yield return CorpusSample.Text($"/app/appsettings.Production{i}.json", $"{{ \"Jwt\": {{ \"SigningSecret\": \"{S(r, Alnum, 32)}\" }}, \"Smtp\": {{ \"Password\": \"{pw}\" }} }}", "secret-assignment");
        yield return CorpusSample.Text($"/app/.env{i}", $"# service settings\nPORT=8080\nSTRIPE_WEBHOOK_SECRET={S(r, Alnum, 24)}\n", "secret-assignment");
        yield return CorpusSample.Text($"/root/.pypirc{i}", $"[pypi]\nusername = __token__\npassword = {S(r, Alnum, 40)}\n", "secret-assignment");
        yield return CorpusSample.Text($"/root/.kube/token{i}", $"users:\n- name: ci\n  user:\n    token: {S(r, Alnum, 48)}\n", "secret-assignment");
        yield return CorpusSample.Text($"/app/nuget{i}.config", $"<configuration><packageSourceCredentials><feed><add key=\"Username\" value=\"ci\" /><add key=\"ClearTextPassword\" value=\"{pw}\" /></feed></packageSourceCredentials></configuration>", "nuget-cleartext-password");
        yield return CorpusSample.Text($"/app/.npmrc.{i}", $"//registry.example.com/:_authToken={S(r, Alnum, 36)}\n", "npmrc-auth");
        yield return CorpusSample.Text($"/root/.docker/config{i}.json", $"{{ \"auths\": {{ \"registry{i}.example.com\": {{ \"auth\": \"{Convert.ToBase64String(Encoding.UTF8.GetBytes("ci:" + pw))}\" }} }} }}", "docker-config-auth");
        yield return CorpusSample.Text($"/root/.microsoft/usersecrets/{Guid.NewGuid()}/secrets.json", "{ \"Feature:Flag\": \"on\" }", "user-secrets-file");
    }

    private static List<CorpusSample> Negatives(Random r)
    {
        var n = new List<CorpusSample>();
        void Add(string path, string text) => n.Add(CorpusSample.Text(path, text));

        for (int i = 0; i < 10; i++)
        {
            Add($"/neg/hashes{i}.txt", $"sha256:{S(r, Hex, 64)}\nsha512 {S(r, Hex, 128)}\nsha1 {S(r, Hex, 40)}\nmd5 {S(r, Hex, 32)}\n");
            Add($"/neg/guids{i}.json", $"{{ \"ProjectGuid\": \"{Guid.NewGuid()}\", \"ClientId\": \"{Guid.NewGuid()}\", \"TenantId\": \"{Guid.NewGuid()}\" }}");
            Add($"/neg/image{i}.css", $".logo {{ background: url(data:image/png;base64,iVBORw0KGgo{B64(r, 3000)}); }}");
            Add($"/neg/bundle{i}.min.js", "!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.token=function(e){return e.token},n.password=e.password,n.secret=this.secret;n.apiKey=config.apiKey}([]);" + string.Concat(Enumerable.Repeat("var a" + i + "=function(b){return b.map(function(c){return c+1})};", 200)) + "\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbXX0=\n");
            Add($"/neg/package-lock{i}.json", $"{{ \"packages\": {{ \"node_modules/x{i}\": {{ \"version\": \"1.0.{i}\", \"resolved\": \"https://registry.npmjs.org/x/-/x-1.0.0.tgz\", \"integrity\": \"sha512-{B64(r, 64)}\" }} }} }}");
            Add($"/neg/public{i}.pem", Ec().ExportSubjectPublicKeyInfoPem());
            Add($"/neg/appsettings.Dev{i}.json", "{ \"ConnectionStrings\": { \"Db\": \"Server=(localdb)\\\\mssqllocaldb;Database=app;Trusted_Connection=True\" }, \"Identity\": { \"Password\": { \"RequiredLength\": 8, \"RequireDigit\": true } }, \"Jwt\": { \"TokenLifetime\": \"00:30:00\", \"TokenEndpoint\": \"https://login.example.com/token\" } }");
        }

        // Placeholders in every shape, and vendor documentation keys.
        Add("/neg/placeholders.json", "{ \"ConnectionStrings\": { \"Db\": \"Server=db;User Id=sa;Password=<password>;\" }, \"ApiKey\": \"${API_KEY}\", \"ClientSecret\": \"{{ .Values.clientSecret }}\", \"Token\": \"%TOKEN%\", \"Password\": \"changeme\", \"Secret\": \"xxxxxxxxxxxxxxxx\" }");
        Add("/neg/helm-values.yaml", "password: {{ .Values.db.password }}\ntoken: ${{ secrets.GITHUB_TOKEN }}\napiKey: \"********\"\nsecret: CHANGE_ME_BEFORE_DEPLOY\n");
        Add("/neg/aws-docs.md", "Use aws_access_key_id = AKIAIOSFODNN7EXAMPLE and aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY for the examples.\n");
        Add("/neg/azurite.json", "{ \"Storage\": \"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\" }");
        Add("/neg/jwtio.md", "Example: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n");
        Add("/neg/docs.md", "Set `Password=...` in the connection string, or pass `--password <password>`. The token is read from $GITHUB_TOKEN.\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n");
        Add("/neg/bad-checksum.txt", "ghp_" + S(r, Alnum, 30) + "AAAAAA\nnpm_" + S(r, Alnum, 30) + "AAAAAA\n");
        Add("/neg/urls.txt", "https://example.com/path?q=1\nhttp://user@example.com/\nhttps://host:8443/a\nmailto:someone@example.com\n");
        Add("/neg/env.env", "PASSWORD_MIN_LENGTH=12\nTOKEN_URL=https://login.example.com/token\nSECRET_NAME=db-secret\nAPI_KEY_HEADER=X-Api-Key\nPWD=/home/app\n");
        Add("/neg/code.cs", "var password = configuration[\"Db:Password\"];\nstring token = await GetTokenAsync();\nif (options.Password.RequireDigit) { }\nvar secretClient = new SecretClient(vaultUri, credential);\n");
        Add("/neg/sas-no-sig.txt", "https://acct.blob.core.windows.net/c?comp=list&restype=container\n");
        Add("/neg/docker-config.json", "{ \"auths\": { \"ghcr.io\": {} }, \"credsStore\": \"desktop\" }");
        Add("/neg/nuget.config", "<configuration><packageSourceCredentials><feed><add key=\"Username\" value=\"ci\" /><add key=\"ClearTextPassword\" value=\"%FEED_PASSWORD%\" /></feed></packageSourceCredentials></configuration>");
        Add("/neg/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
        Add("/neg/secrets.json", "{}");
        Add("/neg/tz.txt", "Asia/Tokyo Asia/Kolkata ASIAN AKIAX\n");

        // Seen in real files (the .NET SDK, npm packages) and fixed: keep them fixed.
        Add("/neg/testhost.exe.config", "<dependentAssembly><assemblyIdentity name=\"System.Memory\" publicKeyToken=\"cc7b13ffcd2ddd51\" culture=\"neutral\" /></dependentAssembly>\n");
        Add("/neg/rules.js", "const re = /_authToken=(.*)/; // npm: //registry/:_authToken=value\nfunction f(o){return o.url+\"?_password=\"+o.pass}\n");
        Add("/neg/cli.ts", "const options = {\n    maskSecrets: flags.maskSecrets,\n    secretLintCoreResult: SecretLintCoreResult,\n    password: result.groups?.password,\n};\n");
        Add("/neg/package.json", "{ \"bin\": { \"secretlint\": \"bin/secretlint.js\" }, \"scripts\": { \"token-check\": \"node scripts/token-check.mjs\" } }\n");
        Add("/neg/appsettings.template.json", "{ \"AzureAd\": { \"ClientId\": \"11111111-1111-1111-11111111111111111\", \"ClientSecret\": \"secret-from-app-registration\" } }\n");
        Add("/neg/PasskeySubmit.razor", "<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"@tokens.RequestToken\" />\n");
        Add("/neg/bundle.js.map", "{\"sourcesContent\":[\"const host = opts.host; user=opts.user; const x = `Server=${host};Password=result.password`; password=result.password(x)\"]}\n");
        return n;
    }
}
