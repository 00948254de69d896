using ContainerHardening.Diagnostics;
using ContainerHardening.Registry;

namespace ContainerHardening.Pipeline;

/// <summary>How the image will travel to its destination, and what about that deserves a word before it does.</summary>
public static class TransportChecks
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "::1"];

    /// <summary>
    /// Plain HTTP to a registry on this machine is allowed for development (CH4016, an info); any other plain-HTTP
    /// registry is refused by the registry client itself (CH4010).
    /// </summary>
    public static IReadOnlyList<Finding> ForRegistry(string registry) =>
        LoopbackHosts.Contains(ImageReference.HostOf(registry), StringComparer.OrdinalIgnoreCase)
            ? [Finding.Create(RuleCatalog.PlainHttpLocalRegistry, registry).About(registry)]
            : [];

    /// <summary>
    /// Whether the SDK's DOTNET_CONTAINER_INSECURE_REGISTRIES (comma or semicolon separated) asks for plain HTTP to
    /// <paramref name="registry"/>; the registry client still refuses it (CH4010) unless the policy allows it.
    /// </summary>
    public static bool AsksForPlainHttp(string plainHttpRegistries, string registry) =>
        plainHttpRegistries
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(registry, StringComparer.OrdinalIgnoreCase);

    /// <summary>A daemon reached over TCP without TLS (CH4015): anyone on the network path can swap the image on load.</summary>
    /// <param name="dockerHost">DOCKER_HOST.</param>
    /// <param name="tlsVerify">DOCKER_TLS_VERIFY.</param>
    public static IReadOnlyList<Finding> ForDaemon(string? dockerHost, string? tlsVerify) =>
        dockerHost is not null && dockerHost.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            && tlsVerify is not ("1" or "true" or "TRUE" or "True")
            ? [Finding.Create(RuleCatalog.DaemonWithoutTls, dockerHost).About("DOCKER_HOST")]
            : [];
}
