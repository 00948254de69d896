using ContainerHardening.Diagnostics;
using ContainerHardening.Pipeline;

namespace ContainerHardening.Tests.Pipeline;

public class TransportChecksTests
{
    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com", false)]
    public void Plain_http_to_this_machine_is_an_info(string registry, bool reported)
    {
        IReadOnlyList<Finding> findings = TransportChecks.ForRegistry(registry);

        Assert.Equal(reported, findings.Any(f => f.Rule.Id == DiagnosticIds.PlainHttpLocalRegistry && f.Severity == Severity.Info));
    }

    [Theory]
    [InlineData("tcp://build-host:2375", null, true)]
    [InlineData("tcp://build-host:2376", "1", false)]
    [InlineData("unix:///var/run/docker.sock", null, false)]
    [InlineData(null, null, false)]
    public void A_daemon_over_tcp_without_tls_is_a_warning(string? dockerHost, string? tlsVerify, bool reported)
    {
        IReadOnlyList<Finding> findings = TransportChecks.ForDaemon(dockerHost, tlsVerify);

        Assert.Equal(reported, findings.Any(f => f.Rule.Id == DiagnosticIds.DaemonWithoutTls && f.Severity == Severity.Warning));
    }
}
