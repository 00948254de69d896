using ContainerHardening.Registry;

namespace ContainerHardening.Tests.Registry;

public class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", "latest", null)]
    [InlineData("ubuntu:24.04", "docker.io", "library/ubuntu", "24.04", null)]
    [InlineData("docker.io/ubuntu", "docker.io", "library/ubuntu", "latest", null)]
    [InlineData("index.docker.io/library/ubuntu:noble", "docker.io", "library/ubuntu", "noble", null)]
    [InlineData("bitnami/redis:7", "docker.io", "bitnami/redis", "7", null)]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", "mcr.microsoft.com", "dotnet/aspnet", "10.0-noble-chiseled", null)]
    [InlineData("localhost:5000/dotnet/aspnet:10.0", "localhost:5000", "dotnet/aspnet", "10.0", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("127.0.0.1:5000/app:1", "127.0.0.1:5000", "app", "1", null)]
    [InlineData("[::1]:5000/team/app:v2", "[::1]:5000", "team/app", "v2", null)]
    [InlineData("Registry.Example.com:443/a/b/c", "registry.example.com:443", "a/b/c", "latest", null)]
    [InlineData("ghcr.io/org/app@" + Digest, "ghcr.io", "org/app", null, Digest)]
    [InlineData("ghcr.io/org/app:1.2@" + Digest, "ghcr.io", "org/app", "1.2", Digest)]
    [InlineData("localhost:5000/app@" + Digest, "localhost:5000", "app", null, Digest)]
    public void Parses_registry_repository_tag_and_digest_with_docker_defaults(string text, string registry, string repository, string? tag, string? digest)
    {
        ImageReference reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Null(reference.Scheme);
    }

    [Fact]
    public void Docker_hub_is_served_by_registry_1_and_other_registries_by_themselves()
    {
        Assert.Equal("registry-1.docker.io", ImageReference.Parse("alpine").RegistryHost);
        Assert.Equal("localhost:5000", ImageReference.Parse("localhost:5000/app").RegistryHost);
    }

    [Fact]
    public void A_digest_wins_over_the_tag_in_the_manifest_path()
    {
        Assert.Equal(Digest, ImageReference.Parse("ghcr.io/org/app:1.2@" + Digest).ManifestReference);
        Assert.Equal("1.2", ImageReference.Parse("ghcr.io/org/app:1.2").ManifestReference);
    }

    [Theory]
    [InlineData("http://registry.example.com/app:1", "http")]
    [InlineData("https://localhost:5000/app", "https")]
    public void An_explicit_scheme_is_kept_for_the_transport_policy(string text, string scheme)
    {
        ImageReference reference = ImageReference.Parse(text);

        Assert.Equal(scheme, reference.Scheme);
        Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER/case")]
    [InlineData("app:-tag")]
    [InlineData("app@sha256:short")]
    [InlineData("app@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("registry.example.com/")]
    [InlineData("a//b")]
    [InlineData("http://app")]
    public void Rejects_malformed_references(string text)
    {
        Assert.False(ImageReference.TryParse(text, out _, out string? error));
        Assert.NotNull(error);
        Assert.Throws<FormatException>(() => ImageReference.Parse(text));
    }

    [Fact]
    public void Round_trips_through_its_text()
    {
        ImageReference reference = ImageReference.Parse("localhost:5000/team/app:1.0@" + Digest);

        Assert.Equal("localhost:5000/team/app:1.0@" + Digest, reference.ToString());
        Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null, null)]
    [InlineData("linux/arm64", "linux", "arm64", null, "v8")]
    [InlineData("linux/arm/v6", "linux", "arm", "v6", "v6")]
    public void Parses_platforms_with_default_arm_variants(string text, string os, string architecture, string? variant, string? normalized)
    {
        RegistryPlatform platform = RegistryPlatform.Parse(text);

        Assert.Equal(new RegistryPlatform(os, architecture, variant), platform);
        Assert.Equal(normalized, platform.NormalizedVariant);
    }
}
