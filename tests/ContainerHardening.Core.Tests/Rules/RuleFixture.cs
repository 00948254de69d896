using ContainerHardening.Analysis;
using ContainerHardening.Diagnostics;
using ContainerHardening.Image;
using ContainerHardening.Policy;
using ContainerHardening.Rules;
using ContainerHardening.Tests.Image;
using ContainerHardening.TimeZones;

namespace ContainerHardening.Tests.Rules;

/// <summary>
/// Builds the clean image every rule test starts from — chiseled-like: no shell, user 1654 defined in /etc/passwd,
/// root-owned 0644 app files except the 0755 apphost, ICU, tzdata, OpenSSL and the shared runtimes — and changes one
/// thing per test.
/// </summary>
public abstract class RuleFixture : ImageFixture
{
    private protected const string Passwd = "root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654::/home/app:/sbin/nologin\n";
    private protected const string Group = "root:x:0:\napp:x:1654:\n";

    private protected static readonly byte[] Elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];

    private protected static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private protected static readonly AppFacts WebApp = new(UsesAspNetCore: true,
        TimeZoneLookup: new TimeZoneLookup("App.dll", "TimeZoneInfo.FindSystemTimeZoneById"), RuntimeIdentifier: "linux-x64",
        AssemblyName: "App", TargetFrameworkVersion: "10.0");

    private protected static readonly PolicyOptions StrictPolicy = new(AllowedBaseRegistries: ["mcr.microsoft.com"], MaxImageSizeMb: 200,
        AllowedPorts: [8080], MaxBaseAgeDays: 30);

    private protected static readonly string PinnedBase = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled@sha256:" + new string('a', 64);

    /// <summary>The clean image with extra entries in the base and app layers, some base paths left out, and config edits.</summary>
    private protected ImageFacts Facts(
        Action<LayerBuilder>? baseLayer = null,
        Action<LayerBuilder>? appLayer = null,
        Func<ContainerConfig, ContainerConfig>? config = null,
        params string[] without)
    {
        var omit = new HashSet<string>(without, StringComparer.Ordinal);
        TestImageBuilder image = new TestImageBuilder()
            .Layer(l =>
            {
                CleanBase(l, omit);
                baseLayer?.Invoke(l);
            })
            .Layer(l =>
            {
                l.Directory("app")
                    .File("app/App", Elf, Modes.Executable)
                    .File("app/App.dll", "MZ")
                    .File("app/App.deps.json", "{}")
                    .File("app/App.runtimeconfig.json", "{}")
                    .File("app/appsettings.json", "{}")
                    .Directory("app/wwwroot")
                    .File("app/wwwroot/site.css", "body{}");
                appLayer?.Invoke(l);
            })
            .Configure(c => c with
            {
                Config = (config ?? (x => x))(CleanConfig),
                History =
                [
                    new HistoryEntry { Created = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), CreatedBy = "base" },
                    new HistoryEntry { Created = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), CreatedBy = "ENV", EmptyLayer = true },
                    new HistoryEntry { Created = Now, CreatedBy = ".NET SDK" },
                ],
            });

        using IImageSource source = ImageSource.Open(image.WriteOciTar(PathFor(Guid.NewGuid() + ".tar")));
        return ImageFacts.Read(source, baseLayerCount: 1) with
        {
            App = WebApp,
            BaseImage = BaseImageReference.Parse(PinnedBase),
            Policy = StrictPolicy,
            Now = Now,
        };
    }

    private protected static ContainerConfig CleanConfig { get; } = new()
    {
        User = "1654",
        Entrypoint = ["/app/App"],
        WorkingDir = "/app",
        ExposedPorts = ["8080/tcp"],
        Env =
        [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "APP_UID=1654",
            "ASPNETCORE_HTTP_PORTS=8080",
            "DOTNET_RUNNING_IN_CONTAINER=true",
        ],
        Labels = new Dictionary<string, string>
        {
            ["org.opencontainers.image.source"] = "https://github.com/contoso/app",
            ["org.opencontainers.image.revision"] = "0123456789abcdef0123456789abcdef01234567",
            ["org.opencontainers.image.base.digest"] = "sha256:" + new string('a', 64),
            ["org.opencontainers.image.base.name"] = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled",
        },
    };

    /// <summary>Runs every rule and asserts that exactly the rules <paramref name="ids"/> fired; returns their findings.</summary>
    private protected static IReadOnlyList<Finding> AssertFired(ImageFacts facts, params string[] ids)
    {
        IReadOnlyList<Finding> findings = ImageRules.Check(facts);
        Assert.Equal(ids.Order(StringComparer.Ordinal), findings.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.False(string.IsNullOrEmpty(f.Subject), $"{f.Rule.Id} has no subject"));
        return findings;
    }

    private protected static ContainerConfig WithEnv(ContainerConfig config, params string[] variables) =>
        config with { Env = [.. config.Env!, .. variables] };

    private static void CleanBase(LayerBuilder l, HashSet<string> omit)
    {
        void Add(string path, Action<LayerBuilder> add)
        {
            if (!omit.Contains(path))
            {
                add(l);
            }
        }

        l.Directory("etc").Directory("tmp", Modes.Directory | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit);
        Add("etc/passwd", x => x.File("etc/passwd", Passwd));
        Add("etc/group", x => x.File("etc/group", Group));
        l.File("etc/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\n")
            .File("etc/ssl/certs/ca-certificates.crt", "-----BEGIN CERTIFICATE-----")
            .File("etc/ssl/certs/ISRG_Root_X1.pem", "-----BEGIN CERTIFICATE-----")
            .File("usr/lib/x86_64-linux-gnu/libc.so.6", Elf, Modes.Executable)
            .File("usr/lib64/ld-linux-x86-64.so.2", Elf, Modes.Executable);
        Add("libicu", x => x.File("usr/lib/x86_64-linux-gnu/libicuuc.so.74.2", Elf).Symlink("usr/lib/x86_64-linux-gnu/libicuuc.so.74", "libicuuc.so.74.2"));
        Add("libssl", x => x.File("usr/lib/x86_64-linux-gnu/libssl.so.3", Elf));
        Add("zoneinfo", x => x.File("usr/share/zoneinfo/UTC", "TZif2").File("usr/share/zoneinfo/Europe/Berlin", "TZif2"));
        l.File("usr/share/dotnet/dotnet", Elf, Modes.Executable).Symlink("usr/bin/dotnet", "../share/dotnet/dotnet");
        Add("Microsoft.NETCore.App", x => x.File("usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.1/libcoreclr.so", Elf));
        Add("Microsoft.AspNetCore.App", x => x.File("usr/share/dotnet/shared/Microsoft.AspNetCore.App/10.0.1/Microsoft.AspNetCore.dll", "MZ"));
    }
}
