using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ContainerHardening.Diagnostics;
using ContainerHardening.Secrets;

namespace ContainerHardening.Tests.Secrets;

public class SecretScannerTests
{
    private static readonly SecretScanner Scanner = new();

    private static string Token() => SecretCorpus.GitHubToken(new Random(7));

    [Fact]
    public void A_finding_carries_a_fingerprint_and_never_the_value()
    {
        string token = Token();
        SecretScanResult result = Scanner.ScanText("/app/ci.yml", "steps:\n  - run: echo " + token + "\n");

        SecretFinding finding = Assert.Single(result.Findings);
        Finding reported = finding.ToFinding();
        Assert.Equal(("github-token", 2, 15), (finding.DetectorId, finding.Line, finding.Column));
        Assert.Equal(DiagnosticIds.ServiceToken, reported.Rule.Id);
        Assert.Equal("/app/ci.yml", reported.Subject);
        Assert.DoesNotContain(token, reported.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], finding.ToString(), StringComparison.Ordinal);
        Assert.Contains(finding.Fingerprint.Text, reported.Message, StringComparison.Ordinal);
        Assert.Matches(@"^ghp_…\(40\) sha256:[0-9a-f]{8}$", finding.Fingerprint.Text);
    }

    [Fact]
    public void A_private_key_whose_random_base64_happens_to_spell_a_placeholder_word_is_still_found()
    {
        // Random key material spells "xxx" or "todo" in about one key of thirty; those are not placeholders.
        string pem = System.Security.Cryptography.RSA.Create(2048).ExportRSAPrivateKeyPem();
        string[] lines = pem.Split('\n');
        lines[2] = "xxxTODOdummy" + lines[2][12..];

        SecretFinding finding = Assert.Single(Scanner.ScanText("/app/server.key", string.Join('\n', lines)).Findings);

        Assert.Equal("private-key-pem", finding.DetectorId);
    }

    [Fact]
    public void A_service_account_key_whose_random_base64_happens_to_spell_a_placeholder_word_is_still_found()
    {
        string[] lines = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem().Split('\n');
        lines[2] = "xxxTODOdummy" + lines[2][12..];
        string json = $$"""{ "type": "service_account", "private_key": "{{string.Join("\\n", lines)}}", "client_email": "svc@p.iam.gserviceaccount.com" }""";

        SecretFinding finding = Assert.Single(Scanner.ScanText("/app/gcp.json", json).Findings);

        Assert.Equal("google-service-account-key", finding.DetectorId);
    }

    [Fact]
    public void A_service_account_file_with_a_placeholder_key_is_not_reported()
    {
        const string json = """{ "type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nPASTE_YOUR_PRIVATE_KEY_HERE_FROM_THE_GOOGLE_CLOUD_CONSOLE_DOWNLOAD\n-----END PRIVATE KEY-----\n", "client_email": "svc@p.iam.gserviceaccount.com" }""";

        Assert.Empty(Scanner.ScanText("/app/gcp.json", json).Findings);
    }

    [Fact]
    public void A_short_secret_has_no_leading_characters_in_its_fingerprint()
    {
        SecretFinding finding = Assert.Single(Scanner.ScanValue("env:DB_PASSWORD", "DB_PASSWORD", "hunter2!x").Findings);
        Assert.Equal("secret-assignment", finding.DetectorId);
        Assert.StartsWith("…(9) sha256:", finding.Fingerprint.Text, StringComparison.Ordinal);
        Assert.True(SecretFingerprint.IsWellFormed(finding.Fingerprint.Text));
    }

    [Theory]
    [InlineData("ConnectionStrings__Db", "Server=db;Database=app;User Id=sa;Password=Pa55word!9", "connection-string-password")]
    [InlineData("NUGET_API_KEY", "oy2abcdefghijklmnopqrstuvwxyz0123456789abcdefg", "nuget-api-key")]
    [InlineData("ASPNETCORE_ENVIRONMENT", "Production", null)]
    [InlineData("DB_PASSWORD", "${DB_PASSWORD}", null)]
    [InlineData("ConnectionStrings__Db", "Server=db;Database=app;Integrated Security=true", null)]
    public void Name_value_pairs_are_scanned_with_their_name(string name, string value, string? detector)
    {
        SecretScanResult result = Scanner.ScanValue("env:" + name, name, value);
        Assert.Equal(detector is null ? [] : [detector], result.Findings.Select(f => f.DetectorId));
    }

    [Fact]
    public void String_literals_of_an_assembly_are_scanned_and_the_line_is_the_literal_ordinal()
    {
        string token = Token();
        var builder = new PersistedAssemblyBuilder(new AssemblyName("WithSecret"), typeof(object).Assembly);
        TypeBuilder type = builder.DefineDynamicModule("WithSecret").DefineType("Settings", TypeAttributes.Public);
        ILGenerator il = type.DefineMethod("Get", MethodAttributes.Public | MethodAttributes.Static, typeof(string), Type.EmptyTypes).GetILGenerator();
        il.Emit(OpCodes.Ldstr, "harmless");
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldstr, token);
        il.Emit(OpCodes.Ret);
        type.CreateType();
        using var pe = new MemoryStream();
        builder.Save(pe);

        SecretScanResult viaFile = Scanner.ScanFile("/app/WithSecret.dll", pe.ToArray());
        SecretScanResult viaLayerEntry = Scanner.ScanFile("/app/WithSecret.dll", new ForwardOnlyStream(pe.ToArray()), pe.Length);
        pe.Position = 0;
        SecretScanResult viaAssembly = Scanner.ScanAssembly("/app/WithSecret.dll", pe);

        Assert.Equal(("github-token", 2), viaFile.Findings.Select(f => (f.DetectorId, f.Line)).Single());
        Assert.Equal(viaFile.Findings, viaAssembly.Findings);
        Assert.Equal(viaFile.Findings, viaLayerEntry.Findings);
    }

    [Fact]
    public void A_framework_assembly_streamed_from_a_layer_gives_what_its_whole_bytes_give()
    {
        // Precompiled (ReadyToRun) assemblies whose metadata sits megabytes into the file, and facades (mscorlib,
        // System.Core) whose metadata starts in the first bytes the scanner sniffs and ends after them, read forward only.
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string assembly in new[]
        {
            typeof(object).Assembly.Location, typeof(System.Text.Json.JsonSerializer).Assembly.Location,
            Path.Combine(framework, "mscorlib.dll"), Path.Combine(framework, "System.Core.dll"),
        })
        {
            byte[] bytes = File.ReadAllBytes(assembly);

            SecretScanResult whole = Scanner.ScanFile("/app/framework.dll", bytes);
            SecretScanResult streamed = Scanner.ScanFile("/app/framework.dll", new ForwardOnlyStream(bytes), bytes.Length);

            Assert.Equal(whole.Findings, streamed.Findings);
            Assert.Equal(whole.Skipped, streamed.Skipped);
            Assert.Empty(streamed.Skipped);
            Assert.Equal(whole.BytesScanned, streamed.BytesScanned);
        }
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    public void A_text_file_streamed_from_a_layer_gives_what_its_whole_bytes_give(string encodingName)
    {
        // Longer than the read chunks, with multi-byte characters on every line, so characters straddle chunk ends.
        var text = new StringBuilder();
        for (int i = 0; text.Length < 300_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"line {i} — señal ✓ {i * 7}\n");
        }

        text.Append("password = \"Sup3rS3cret!\"\n");
        Encoding encoding = Encoding.GetEncoding(encodingName);
        byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];

        SecretScanResult whole = Scanner.ScanFile("/app/notes.txt", bytes);
        SecretScanResult streamed = Scanner.ScanFile("/app/notes.txt", new ForwardOnlyStream(bytes), bytes.Length);

        Assert.Single(streamed.Findings);
        Assert.Equal(whole.Findings, streamed.Findings);
        Assert.Equal(whole.BytesScanned, streamed.BytesScanned);
    }

    [Fact]
    public void An_assembly_cut_off_before_its_metadata_is_skipped_as_invalid_not_read_as_text()
    {
        byte[] bytes = File.ReadAllBytes(typeof(System.Text.Json.JsonSerializer).Assembly.Location);
        byte[] truncated = bytes[..(bytes.Length / 2)];

        SecretScanResult result = Scanner.ScanFile("/app/System.Text.Json.dll", new ForwardOnlyStream(truncated), truncated.Length);

        Assert.Equal(SecretSkipReason.InvalidAssembly, Assert.Single(result.Skipped).Reason);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_text_file_that_starts_with_MZ_is_still_read_as_text()
    {
        byte[] text = Encoding.UTF8.GetBytes("MZ notes\npassword = \"Sup3rS3cret!\"\n");

        SecretScanResult result = Scanner.ScanFile("/app/notes.txt", new ForwardOnlyStream(text), text.Length);

        Assert.Single(result.Findings);
    }

    [Fact]
    public void Archives_are_scanned_recursively_and_members_are_named_inside_their_archive()
    {
        byte[] nupkg = Zip(("lib/appsettings.json", Encoding.UTF8.GetBytes("{ \"Smtp\": { \"Password\": \"Sup3rS3cret!\" } }")));
        byte[] outer = Zip(("pkgs/app.nupkg", nupkg), ("readme.txt", "nothing here"u8.ToArray()));

        SecretScanResult result = Scanner.ScanFile("/app/bundle.zip", outer);

        SecretFinding finding = Assert.Single(result.Findings);
        Assert.Equal("/app/bundle.zip!/pkgs/app.nupkg!/lib/appsettings.json", finding.Path);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void Archives_nested_deeper_than_the_limit_are_skipped()
    {
        byte[] archive = Zip(("secret.env", Encoding.UTF8.GetBytes("API_TOKEN=" + Token())));
        for (int i = 0; i < 4; i++)
        {
            archive = Zip(($"level{i}.zip", archive));
        }

        SecretScanResult result = Scanner.ScanFile("/app/deep.zip", archive);

        Assert.Empty(result.Findings);
        SecretScanSkip skip = Assert.Single(result.Skipped);
        Assert.Equal(SecretSkipReason.ArchiveTooDeep, skip.Reason);
        Assert.Equal("/app/deep.zip!/level3.zip!/level2.zip!/level1.zip", skip.Path);
    }

    [Fact]
    public void A_zip_bomb_member_is_skipped_and_the_warning_names_it()
    {
        byte[] bomb = Zip(("zeros.txt", new byte[8 * 1024 * 1024]), ("app.env", Encoding.UTF8.GetBytes("API_TOKEN=" + Token())));

        SecretScanResult result = Scanner.ScanFile("/app/bomb.zip", bomb);

        Assert.Equal("github-token", Assert.Single(result.Findings).DetectorId);
        SecretScanSkip skip = Assert.Single(result.Skipped);
        Assert.Equal((SecretSkipReason.ArchiveBomb, "/app/bomb.zip!/zeros.txt"), (skip.Reason, skip.Path));
        Finding warning = skip.ToFinding();
        Assert.Equal((DiagnosticIds.SecretScanSkipped, Severity.Warning), (warning.Rule.Id, warning.Severity));
        Assert.Contains("'/app/bomb.zip!/zeros.txt' was not scanned", warning.Message, StringComparison.Ordinal);
        Assert.Contains("100 times", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Archives_that_expand_past_the_total_budget_stop_with_one_skip()
    {
        var scanner = new SecretScanner(SecretScanOptions.Default with { MaxArchiveTotalBytes = 1000 });
        byte[] archive = Zip(("a.txt", new byte[600]), ("b.txt", new byte[600]));

        SecretScanResult result = scanner.ScanFile("/app/big.zip", archive);

        Assert.Equal((SecretSkipReason.ArchiveBudget, "/app/big.zip"), Assert.Single(result.Skipped) is var s ? (s.Reason, s.Path) : default);
    }

    [Fact]
    public void A_damaged_archive_is_a_skip_not_a_crash()
    {
        byte[] damaged = Zip(("a.bin", RandomNumberGenerator.GetBytes(5000)))[..200];
        Assert.Equal(SecretSkipReason.InvalidArchive, Assert.Single(Scanner.ScanFile("/app/damaged.zip", damaged).Skipped).Reason);
    }

    [Fact]
    public void Binary_files_are_skipped_silently_unless_their_extension_says_text()
    {
        byte[] binary = [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0, 0, .. Encoding.UTF8.GetBytes("API_TOKEN=" + Token())];
        Assert.Equal(SecretScanResult.Empty with { BytesScanned = binary.Length }, Scanner.ScanFile("/app/libnative.so", binary) with { Findings = [], Skipped = [] });
        Assert.Empty(Scanner.ScanFile("/app/libnative.so", binary).Findings);

        byte[] utf16WithoutBom = Encoding.Unicode.GetBytes("{ \"Token\": \"" + Token() + "\" }");
        Assert.Equal("github-token", Assert.Single(Scanner.ScanFile("/app/settings.json", utf16WithoutBom).Findings).DetectorId);
    }

    [Fact]
    public void Invalid_utf8_around_a_secret_does_not_hide_it()
    {
        byte[] text = [0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(" key=" + SecretCorpus.AwsKeyId(new Random(3)) + " "), 0xED, 0xA0, 0x80];
        Assert.Equal("aws-access-key-id", Assert.Single(Scanner.ScanFile("/app/odd.txt", text).Findings).DetectorId);
    }

    [Fact]
    public void A_huge_single_line_full_of_keywords_is_scanned_in_bounded_time()
    {
        var line = new StringBuilder();
        while (line.Length < 16 * 1024 * 1024)
        {
            line.Append("a.token=b.password;c.secret(d)+\"sig=\"+eyJhbGciOi;");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        SecretScanResult result = Scanner.ScanFile("/app/huge.min.js", Encoding.UTF8.GetBytes(line.ToString()));

        Assert.Empty(result.Findings);
        Assert.Empty(result.Skipped);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Files_over_the_size_limit_and_unreadable_streams_become_skips()
    {
        var scanner = new SecretScanner(SecretScanOptions.Default with { MaxFileBytes = 100 });
        SecretScanSkip tooLarge = Assert.Single(scanner.ScanFile("/app/big.txt", new MemoryStream(new byte[101])).Skipped);
        Assert.Equal((SecretSkipReason.TooLarge, 100L), (tooLarge.Reason, tooLarge.Limit));

        SecretScanSkip unreadable = Assert.Single(Scanner.ScanFile("/app/broken.txt", new FailingStream()).Skipped);
        Assert.Equal(SecretSkipReason.Unreadable, unreadable.Reason);
        Assert.DoesNotContain("disk", unreadable.ToFinding().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pkcs12_files_are_reported_and_an_unprotected_one_says_so()
    {
        using RSA key = RSA.Create(2048);
        using X509Certificate2 certificate = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal("pkcs12-unprotected", Assert.Single(Scanner.ScanFile("/app/https.pfx", certificate.Export(X509ContentType.Pkcs12)).Findings).DetectorId);
        SecretFinding protectedStore = Assert.Single(Scanner.ScanFile("/app/https.p12", certificate.Export(X509ContentType.Pkcs12, "Str0ng!pass")).Findings);
        Assert.Equal((DiagnosticIds.Pkcs12File, "pkcs12"), (protectedStore.Rule.Id, protectedStore.DetectorId));
    }

    [Fact]
    public void A_damaged_assembly_is_a_skip_and_a_text_file_that_starts_with_MZ_is_still_text()
    {
        byte[] damaged = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0];
        Assert.Equal(SecretSkipReason.InvalidAssembly, Assert.Single(Scanner.ScanFile("/app/App.dll", damaged).Skipped).Reason);

        byte[] text = Encoding.UTF8.GetBytes("MZ_SETTINGS\nAPI_TOKEN=" + Token() + "\n");
        SecretScanResult result = Scanner.ScanFile("/app/mz.txt", text);
        Assert.Equal("github-token", Assert.Single(result.Findings).DetectorId);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void A_forward_only_archive_stream_is_read_within_the_size_limit()
    {
        byte[] archive = Zip(("app.env", Encoding.UTF8.GetBytes("API_TOKEN=" + Token())));
        Assert.Single(Scanner.ScanArchive("/app/a.zip", new ForwardOnlyStream(archive)).Findings);

        var small = new SecretScanner(SecretScanOptions.Default with { MaxFileBytes = 10 });
        Assert.Equal(SecretSkipReason.TooLarge, Assert.Single(small.ScanArchive("/app/a.zip", new ForwardOnlyStream(archive)).Skipped).Reason);
    }

    [Fact]
    public void A_file_full_of_secrets_reports_a_bounded_number_of_them()
    {
        var random = new Random(5);
        string text = string.Join("\n", Enumerable.Range(0, 3000).Select(_ => SecretCorpus.AwsKeyId(random)));
        Assert.Equal(1000, Scanner.ScanText("/app/keys.txt", text).Findings.Count);
    }

    [Fact]
    public void Every_detector_id_is_unique_and_kebab_case()
    {
        Assert.Equal(SecretScanner.DetectorIds.Count, SecretScanner.DetectorIds.Distinct().Count());
        Assert.All(SecretScanner.DetectorIds, id => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", id));
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] content) in entries)
            {
                using Stream stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    private sealed class FailingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("disk on fire");

        public override int Read(Span<byte> buffer) => throw new IOException("disk on fire");
    }
}
