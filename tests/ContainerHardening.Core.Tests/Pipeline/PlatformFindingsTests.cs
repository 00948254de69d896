using ContainerHardening.Diagnostics;
using ContainerHardening.Normalization;
using ContainerHardening.Pipeline;

namespace ContainerHardening.Tests.Pipeline;

public sealed class PlatformFindingsTests
{
    private static readonly Finding Port = Finding.Create(RuleCatalog.PrivilegedPort, 80);
    private static readonly Finding Root = Finding.Create(RuleCatalog.RunsAsRoot, "root");

    [Fact]
    public void A_finding_every_platform_has_is_reported_once_as_it_is_and_one_only_some_have_names_them()
    {
        IReadOnlyList<Finding> merged = PlatformFindings.Merge(
        [
            new PlatformFindings("linux-x64", [Port]),
            new PlatformFindings("linux-arm64", [Port, Root]),
        ]);

        Assert.Equal([Port.Message, "[linux-arm64] " + Root.Message], merged.Select(f => f.Message));
    }

    [Fact]
    public void Platform_images_are_matched_to_the_rids_in_the_order_the_sdk_built_them()
    {
        NormalizedPlatformImage amd64 = new("sha256:a", "linux", "amd64", null);
        NormalizedPlatformImage arm64 = new("sha256:b", "linux", "arm64", "v8");

        Assert.Equal(["linux-x64", "linux-arm64"], PlatformRuntimeIdentifiers.Match([amd64, arm64], ["linux-x64", "linux-arm64"]).AsEnumerable());
        Assert.Equal(["linux-x64", "linux-arm64"], PlatformRuntimeIdentifiers.Match([amd64, arm64], ["linux-arm64", "linux-x64"]).AsEnumerable());
        Assert.Equal([null, "linux-arm64"], PlatformRuntimeIdentifiers.Match([amd64, arm64], ["linux-arm64"]).AsEnumerable());
    }
}
