using ContainerHardening.Diagnostics;
using ContainerHardening.Secrets;

namespace ContainerHardening.Tests.Secrets;

public class SecretsBaselineTests
{
    private static SecretFinding Found() =>
        Assert.Single(new SecretScanner().ScanText("/app/ci.yml", "token: " + SecretCorpus.GitHubToken(new Random(11)) + "\n").Findings);

    private static string Json(SecretFinding finding, string path, string reason = "rotated on 2026-12-01") => $$"""
        {
          // comments are allowed
          "version": 1,
          "accepted": [
            { "fingerprint": "{{finding.Fingerprint}}", "detector": "{{finding.DetectorId}}", "path": "{{path}}", "reason": "{{reason}}" },
          ]
        }
        """;

    [Theory]
    [InlineData("/app/ci.yml", true)]
    [InlineData("/app/**", true)]
    [InlineData("/other/ci.yml", false)]
    public void A_baseline_entry_accepts_the_same_fingerprint_from_the_same_detector_at_a_matching_path(string path, bool accepted)
    {
        SecretFinding finding = Found();
        SecretsBaseline baseline = SecretsBaseline.Parse(Json(finding, path), "baseline.json");

        Assert.Empty(baseline.Errors);
        Assert.Equal(accepted, baseline.Accepts(finding));
        Assert.Equal(accepted ? 0 : 1, baseline.Filter([finding]).Count);
        Assert.False(baseline.Accepts(finding with { DetectorId = "jwt" }));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "top level must be an object")]
    [InlineData("{ \"version\": 2, \"accepted\": [] }", "'version' must be 1")]
    [InlineData("{ \"version\": 1 }", "'accepted' must be a list")]
    [InlineData("{ \"version\": 1, \"accepted\": [ 3 ] }", "entry 1 of 'accepted' must be an object")]
    [InlineData("{ \"version\": 1, \"accepted\": [ { \"fingerprint\": \"ghp_…(40) sha256:0011aabb\", \"detector\": \"github-token\", \"path\": \"/a\" } ] }", "entry 1 of 'accepted' has no 'reason'")]
    [InlineData("{ \"version\": 1, \"accepted\": [ { \"fingerprint\": \"ghp_abc\", \"detector\": \"github-token\", \"path\": \"/a\", \"reason\": \"r\" } ] }", "fingerprint 'ghp_abc'")]
    [InlineData("{ \"version\": 1, \"accepted\": [ { \"fingerprint\": \"ghp_…(40) sha256:0011aabb\", \"detector\": \"github-token\", \"path\": \"/a\", \"reason\": \"r\", \"expires\": \"x\" } ] }", "unknown key 'expires'")]
    public void A_broken_baseline_is_reported_as_CH0030_and_accepts_nothing(string json, string expected)
    {
        SecretsBaseline baseline = SecretsBaseline.Parse(json, "/src/" + SecretsBaseline.FileName);

        Finding error = Assert.Single(baseline.Errors);
        Assert.Equal(DiagnosticIds.SecretsBaselineInvalid, error.Rule.Id);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("/src/" + SecretsBaseline.FileName, error.File);
        Assert.Empty(baseline.Entries);
    }

    [Fact]
    public void A_missing_baseline_file_is_unreadable_not_a_crash()
    {
        SecretsBaseline baseline = SecretsBaseline.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), SecretsBaseline.FileName));
        Assert.Contains("cannot be read", Assert.Single(baseline.Errors).Message, StringComparison.Ordinal);
    }
}
