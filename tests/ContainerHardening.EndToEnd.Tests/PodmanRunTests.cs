using System.Net;
using System.Net.Sockets;
using ContainerHardening.Tests.Infrastructure;

namespace ContainerHardening.Tests;

/// <summary>The hardened image really runs, with every capability dropped and a read-only root filesystem.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class PodmanRunTests(LocalPackageFeed feed)
{
    [Fact]
    public async Task The_hardened_web_image_answers_http_200_under_podman_with_all_capabilities_dropped()
    {
        string repository = "ch-e2e-run-" + feed.Version.Replace('.', '-');
        CreatedProject project = TestProject.Web("WebRun").Create(feed);
        ProcessResult publish = project.Publish(true, $"-p:ContainerRepository={repository}", "-p:ContainerImageTag=1");
        Assert.True(publish.ExitCode == 0, publish.Tail);

        // podman load names an SDK archive image docker.io/library/<repository>.
        string image = $"docker.io/library/{repository}:1";
        string container = repository;
        int port = FreeLoopbackPort();
        ProcessResult load = Podman(["load", "-i", project.ArchivePath]);
        Assert.True(load.ExitCode == 0, load.Tail);
        try
        {
            ProcessResult run = Podman(
            [
                "run", "-d", "--name", container, "--runtime", "runc",
                "--read-only", "--cap-drop=ALL", "--security-opt", "no-new-privileges",
                "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=1024:1024",
                "-p", $"127.0.0.1:{port}:8080", image,
            ]);
            Assert.True(run.ExitCode == 0, run.Tail);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? response = null;
            for (int attempt = 0; attempt < 60 && response is null; attempt++)
            {
                try
                {
                    response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500);
                }
            }

            Assert.True(response is not null, Podman(["logs", container]).Output);
            Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
            Assert.Equal("hardened", await response.Content.ReadAsStringAsync());
            Assert.Equal("1654", Podman(["inspect", "--format", "{{.Config.User}}", container]).Output.Trim());
        }
        finally
        {
            Podman(["rm", "-f", container]);
            Podman(["rmi", "-f", image]);
        }
    }

    private static ProcessResult Podman(string[] arguments) =>
        ProcessRunner.Run("podman", arguments, Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2));

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
