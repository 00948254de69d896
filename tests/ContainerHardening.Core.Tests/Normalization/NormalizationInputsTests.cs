using ContainerHardening.Normalization;

namespace ContainerHardening.Tests.Normalization;

public sealed class NormalizationInputsTests
{
    private const string BaseLayer = """{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:aaaa","size":10}""";
    private static readonly NormalizationOptions Options = new() { AppHost = "App" };

    [Fact]
    public void Two_publishes_of_the_same_inputs_have_the_same_key_whatever_the_sdk_stamped_on_them()
    {
        string first = Key(Manifest("sha256:app1"), Config("2026-12-06T10:00:00Z", "sha256:diff1"));
        string second = Key(Manifest("sha256:app2"), Config("2026-12-07T11:30:00Z", "sha256:diff2"));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_base_layer_app_file_setting_name_or_option_changes_the_key()
    {
        string key = Key(Manifest("sha256:app1"), Config("2026-12-06T10:00:00Z", "sha256:diff1"));

        Assert.NotEqual(key, Key(Manifest("sha256:app1").Replace("sha256:aaaa", "sha256:bbbb", StringComparison.Ordinal), Config("2026-12-06T10:00:00Z", "sha256:diff1")));
        Assert.NotEqual(key, Key(Manifest("sha256:app1"), Config("2026-12-06T10:00:00Z", "sha256:diff1").Replace("PORT=8080", "PORT=9090", StringComparison.Ordinal)));
        Assert.NotEqual(key, Key(Manifest("sha256:app1"), Config("2026-12-06T10:00:00Z", "sha256:diff1"), fingerprint: "other-files"));
        Assert.NotEqual(key, Key(Manifest("sha256:app1"), Config("2026-12-06T10:00:00Z", "sha256:diff1"), names: ["shop/api", "v2"]));
        Assert.NotEqual(key, NormalizationInputs.Key(Manifest("sha256:app1"), Config("2026-12-06T10:00:00Z", "sha256:diff1"), "files", ["shop/api", "latest"], Options with { KeepDebugSymbols = true }));
    }

    [Theory]
    [InlineData("", "{}")]
    [InlineData("not json", "{}")]
    [InlineData("""{"layers":[]}""", """{"rootfs":{"diff_ids":[]}}""")]
    [InlineData("""{"layers":[{}]}""", """{"rootfs":{"diff_ids":[]}}""")]
    public void Unreadable_sdk_documents_give_no_key_and_so_a_full_normalization(string manifest, string config)
    {
        Assert.Null(NormalizationInputs.Key(manifest, config, "files", [], Options));
    }

    private static string Key(string manifest, string config, string fingerprint = "files", string[]? names = null) =>
        NormalizationInputs.Key(manifest, config, fingerprint, names ?? ["shop/api", "latest"], Options)!;

    private static string Manifest(string appLayer) =>
        $$$"""{"schemaVersion":2,"config":{"digest":"sha256:cfg-{{{appLayer}}}","size":1},"layers":[{{{BaseLayer}}},{"digest":"{{{appLayer}}}","size":5}]}""";

    private static string Config(string created, string appDiffId) =>
        $$$"""{"created":"{{{created}}}","config":{"Env":["PORT=8080"],"Labels":{"org.opencontainers.image.created":"{{{created}}}"}},"rootfs":{"type":"layers","diff_ids":["sha256:base","{{{appDiffId}}}"]},"history":[{"created":"2025-01-01T00:00:00Z"},{"created":"{{{created}}}"}]}""";
}
