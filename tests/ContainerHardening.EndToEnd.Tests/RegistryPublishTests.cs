using System.Text.Json;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>Publishing straight to the local registry, as CI pipelines do.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class RegistryPublishTests(LocalPackageFeed feed, LocalRegistry registry)
{
    [Fact]
    public void A_publish_to_the_registry_pushes_a_hardened_image()
    {
        string repository = "e2e/web-" + feed.Version.Replace('.', '-');
        CreatedProject project = TestProject.Web("WebRegistry").Create(feed);

        ProcessResult publish = project.Publish(
            false, $"-p:ContainerRegistry={LocalRegistry.Host}", $"-p:ContainerRepository={repository}", "-p:ContainerImageTag=1.0");

        Assert.True(publish.ExitCode == 0, publish.Tail);
        JsonElement config = registry.GetConfig(repository, "1.0").GetProperty("config");
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
    }
}
