using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Rules;

namespace ContainerHardening.Tests.Rules;

public sealed class BaseImageRulesTests : RuleFixture
{
    [Theory]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com", "dotnet/aspnet", "10.0", null)]
    [InlineData("ubuntu:24.04", "docker.io", "library/ubuntu", "24.04", null)]
    [InlineData("contoso/base", "docker.io", "contoso/base", null, null)]
    [InlineData("localhost:5000/base:1@sha256:ab", "localhost:5000", "base", "1", "sha256:ab")]
    [InlineData("registry.example.com:443/a/b@sha256:cd", "registry.example.com:443", "a/b", null, "sha256:cd")]
    public void A_base_image_reference_splits_like_Docker_reads_it(string text, string registry, string repository, string? tag, string? digest)
    {
        Assert.Equal(new BaseImageReference(registry, repository, tag, digest), BaseImageReference.Parse(text));
    }

    [Fact]
    public void A_base_image_referenced_by_tag_only_is_CH4001_mentioning_the_lock_file()
    {
        ImageFacts facts = Facts() with { BaseImage = BaseImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled") };

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.BaseImageNotPinned));

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", finding.Subject);
        Assert.Contains("container-hardening.lock.json", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_image_from_a_registry_the_policy_does_not_allow_is_CH4002()
    {
        ImageFacts facts = Facts() with { BaseImage = BaseImageReference.Parse("ubuntu:24.04@sha256:" + new string('b', 64)) };

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.BaseRegistryNotAllowed));

        Assert.Contains("the registry 'docker.io'", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public void An_allowed_registry_entry_may_name_a_repository_prefix()
    {
        ImageFacts facts = Facts() with { Policy = StrictPolicy with { AllowedBaseRegistries = ["MCR.microsoft.com/dotnet"] } };

        AssertFired(facts);
        AssertFired(facts with { BaseImage = BaseImageReference.Parse("mcr.microsoft.com/azurelinux/base/core:3.0@sha256:" + new string('c', 64)) },
            DiagnosticIds.BaseRegistryNotAllowed);
    }

    [Fact]
    public void A_base_older_than_the_policy_allows_is_CH4003_dated_from_the_history_of_the_last_base_layer()
    {
        ImageFacts facts = Facts() with { Now = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.BaseImageTooOld));

        Assert.Contains("was built on 2026-11-20, 42 days ago, over the limit of 30 days", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_base_images_own_created_time_wins_over_the_history()
    {
        ImageFacts facts = Facts() with { BaseCreated = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero) };

        AssertFired(facts, DiagnosticIds.BaseImageTooOld);
        AssertFired(facts with { Policy = StrictPolicy with { MaxBaseAgeDays = 365 } });
    }
}
