using ContainerHardening.Diagnostics;
using ContainerHardening.Rules;

namespace ContainerHardening.Tests.Rules;

public sealed class ImageConfigRulesTests : RuleFixture
{
    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("root")]
    [InlineData("0:0")]
    public void A_root_or_empty_image_user_is_CH1001_worded_for_the_image_config(string user)
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { User = user }), DiagnosticIds.RunsAsRoot));

        Assert.StartsWith("The image config's user is '" + user + "'", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public void A_missing_image_user_inherits_root()
    {
        AssertFired(Facts(config: c => c with { User = null }), DiagnosticIds.RunsAsRoot);
    }

    [Fact]
    public void A_name_that_is_uid_0_in_the_image_passwd_runs_as_root()
    {
        ImageFacts facts = Facts(baseLayer: l => l.File("etc/passwd", "toor:x:0:0::/root:/sbin/nologin\n"), config: c => c with { User = "toor" }, without: "etc/passwd");

        AssertFired(facts, DiagnosticIds.RunsAsRoot, DiagnosticIds.NonNumericUser);
    }

    [Fact]
    public void A_privileged_exposed_port_is_CH1002_and_outside_the_allowed_ports_CH1004()
    {
        IReadOnlyList<Finding> findings = AssertFired(Facts(config: c => c with { ExposedPorts = ["80/tcp", "8080/tcp"] }),
            DiagnosticIds.PrivilegedPort, DiagnosticIds.PortNotAllowed);

        Assert.All(findings, f => Assert.Equal("80/tcp", f.Subject));
        Assert.StartsWith("The image config exposes port 80/tcp", findings.Single(f => f.Rule.Id == DiagnosticIds.PrivilegedPort).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_allowed_ports_in_the_policy_only_the_privileged_port_is_reported()
    {
        ImageFacts facts = Facts(config: c => c with { ExposedPorts = ["443/tcp"] }) with { Policy = StrictPolicy with { AllowedPorts = null } };

        AssertFired(facts, DiagnosticIds.PrivilegedPort);
    }

    [Fact]
    public void An_unprivileged_port_the_policy_does_not_list_is_CH1004()
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { ExposedPorts = ["9090/tcp"] }), DiagnosticIds.PortNotAllowed));

        Assert.Contains("(8080)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_user_defined_in_the_image_is_only_CH1003()
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { User = "app" }), DiagnosticIds.NonNumericUser));

        Assert.StartsWith("The image config's user is 'app'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_user_the_image_passwd_does_not_define_is_CH1005()
    {
        IReadOnlyList<Finding> findings = AssertFired(Facts(config: c => c with { User = "nobody" }), DiagnosticIds.NonNumericUser, DiagnosticIds.UnknownImageUser);

        Assert.Contains("/etc/passwd", findings.Single(f => f.Rule.Id == DiagnosticIds.UnknownImageUser).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_group_the_image_group_file_does_not_define_is_CH1005()
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { User = "1654:staff" }), DiagnosticIds.UnknownImageUser));

        Assert.Contains("the group 'staff'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_passwd_file_is_read_from_the_top_layer_honouring_whiteouts()
    {
        ImageFacts deleted = Facts(appLayer: l => l.Whiteout("etc/passwd"), config: c => c with { User = "app" });
        ImageFacts replaced = Facts(appLayer: l => l.File("etc/passwd", "web:x:1000:1000::/:/sbin/nologin\n"), config: c => c with { User = "web" });

        AssertFired(deleted, DiagnosticIds.NonNumericUser, DiagnosticIds.UnknownImageUser);
        AssertFired(replaced, DiagnosticIds.NonNumericUser);
    }

    [Theory]
    [InlineData("DB_PASSWORD", "hunter2-secret-value")]
    [InlineData("GITHUB_TOKEN", "ghp_secretvalue123")]
    [InlineData("STRIPE_API_KEY", "sk_live_secretvalue")]
    [InlineData("AZURE_CLIENT_SECRET", "secretvalue")]
    [InlineData("ConnectionStrings__Default", "Server=db;Database=app")]
    [InlineData("DATABASE_URL", "postgres://admin:secretvalue@db/app")]
    [InlineData("MAIN_DB", "Server=db;User Id=sa;Password=secretvalue;")]
    public void An_environment_variable_that_looks_like_a_credential_is_CH1006_naming_it_without_its_value(string name, string value)
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => WithEnv(c, name + "=" + value)), DiagnosticIds.CredentialEnvironmentVariable));

        Assert.Equal(name, finding.Subject);
        Assert.Contains("'" + name + "'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretvalue", finding.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD_FILE", "/run/secrets/db")]
    [InlineData("TOKEN_CACHE_DIR", "/tmp/tokens")]
    [InlineData("KEYBOARD_LAYOUT", "us")]
    public void A_variable_that_points_at_a_secret_or_only_sounds_like_one_is_not_CH1006(string name, string value)
    {
        AssertFired(Facts(config: c => WithEnv(c, name + "=" + value)));
    }

    [Fact]
    public void A_missing_entrypoint_is_CH1007()
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { Entrypoint = ["/app/Missing"] }), DiagnosticIds.EntrypointNotExecutable));

        Assert.Equal("/app/Missing", finding.Subject);
        Assert.Contains("does not exist in the image", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_entrypoint_is_resolved_through_PATH_and_symlinks()
    {
        AssertFired(Facts(config: c => c with { Entrypoint = ["dotnet", "/app/App.dll"] }));
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { Entrypoint = null, Cmd = ["bash", "-c", "/app/App"] }), DiagnosticIds.EntrypointNotExecutable));

        Assert.StartsWith("The image's command 'bash' is not in any PATH directory", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_entrypoint_starts_at_the_working_directory()
    {
        AssertFired(Facts(config: c => c with { Entrypoint = ["./App"] }));
    }

    [Fact]
    public void An_apphost_only_its_root_owner_may_execute_is_CH1007()
    {
        Finding finding = Assert.Single(AssertFired(Facts(appLayer: l => l.File("app/App", Elf, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead)),
            DiagnosticIds.EntrypointNotExecutable));

        Assert.Contains("not executable by the image user '1654'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_with_nothing_to_run_is_CH1007()
    {
        AssertFired(Facts(config: c => c with { Entrypoint = null, Cmd = null }), DiagnosticIds.EntrypointNotExecutable);
    }

    [Fact]
    public void A_working_directory_that_does_not_exist_is_a_CH1008_warning()
    {
        Finding finding = Assert.Single(AssertFired(Facts(config: c => c with { WorkingDir = "/srv/app" }), DiagnosticIds.WorkingDirectoryMissing));

        Assert.Equal((Severity.Warning, "/srv/app"), (finding.Severity, finding.Subject));
    }

    [Fact]
    public void Missing_OCI_labels_are_listed_in_one_CH1009_info()
    {
        ImageFacts facts = Facts(config: c => c with { Labels = new Dictionary<string, string> { ["org.opencontainers.image.source"] = "https://github.com/contoso/app" } });

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.ImageLabelsMissing));

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("org.opencontainers.image.revision, org.opencontainers.image.base.digest", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_given_as_manifest_annotations_count()
    {
        ImageFacts facts = Facts(config: c => c with { Labels = null }) with
        {
            Annotations = CleanConfig.Labels!,
        };

        AssertFired(facts);
    }

    [Fact]
    public void An_image_over_the_policy_size_is_CH1010()
    {
        ImageFacts facts = Facts();
        facts = facts with { Layers = [.. facts.Layers.Select(l => l with { Size = 150L * 1024 * 1024 })] };

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.ImageTooLarge));

        Assert.StartsWith("The image is 300 MB, more than the budget of 200 MB", finding.Message, StringComparison.Ordinal);
        AssertFired(facts with { Policy = StrictPolicy with { MaxImageSizeMb = null } });
    }

    [Fact]
    public void An_image_with_more_layers_than_the_budget_is_CH1011()
    {
        ImageFacts facts = Facts();
        facts = facts with { Layers = [.. Enumerable.Range(0, 25).Select(i => new LayerFacts(i, facts.Layers[0].Digest, 1, i == 24))] };

        AssertFired(facts, DiagnosticIds.TooManyLayers);
    }
}
