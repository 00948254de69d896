using ContainerHardening.Defaults;

namespace ContainerHardening.Tests.Defaults;

public class BaseImageMirrorTests
{
    [Theory]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", "localhost:5000", "localhost:5000/dotnet/aspnet:10.0-noble-chiseled")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra", "mirror.example.com/mcr/", "mirror.example.com/mcr/dotnet/runtime-deps:10.0-noble-chiseled-extra")]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0", "", "mcr.microsoft.com/dotnet/aspnet:10.0")]
    [InlineData("docker.io/library/alpine:3", "localhost:5000", "docker.io/library/alpine:3")]
    public void Only_the_microsoft_registry_is_replaced(string baseImage, string mirror, string expected)
    {
        Assert.Equal(expected, BaseImageMirror.Redirect(baseImage, mirror));
    }
}
