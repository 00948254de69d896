using System.Text;
using ContainerHardening.Sbom;

namespace ContainerHardening.Tests.Sbom;

/// <summary>Sample inventories, an in-memory image and the write helpers the SBOM tests share.</summary>
internal static class Inventories
{
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public const string BaseDigest = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    public static readonly string Sha512Hex = string.Concat(Enumerable.Repeat("0a1b2c3d", 16));

    public static SbomWriteOptions Options { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_760_000_000), "1.2.3");

    public static OsRelease Debian { get; } = new("debian", "12", "Debian GNU/Linux 12 (bookworm)");

    public static SbomInventory Empty { get; } = new(new SbomImage("localhost:5000/shop/api", Digest), null, []);

    /// <summary>Every kind of component, a license of each shape, edges, a base image and layers.</summary>
    public static SbomInventory Rich { get; } = new(
        new SbomImage("registry.example.com/shop/api", Digest)
        {
            Tag = "1.4.0",
            ConfigDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111",
            BaseImageName = "mcr.microsoft.com/dotnet/aspnet:10.0",
            BaseImageDigest = BaseDigest,
            LayerDigests = ["sha256:2222222222222222222222222222222222222222222222222222222222222222", "sha256:3333333333333333333333333333333333333333333333333333333333333333"],
            Created = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000),
        },
        new SbomApplication("Shop.Api", "1.4.0")
        {
            RepositoryUrl = "https://github.com/example/shop",
            Commit = "0123456789abcdef0123456789abcdef01234567",
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
        },
        [
            // Out of order and with a duplicate: the writers sort and deduplicate.
            new SbomComponent(SbomComponentKind.NuGetPackage, "Serilog", "4.0.0", PackageUrl.NuGet("Serilog", "4.0.0"))
            {
                IsDirect = true,
                Hashes = [new SbomHash(SbomHashAlgorithm.Sha512, Sha512Hex)],
                License = new SbomLicense(Expression: "Apache-2.0"),
                DependsOn = [PackageUrl.NuGet("Legacy.Lib", "1.0.0+build.5"), "pkg:nuget/NotInTheBom@1.0.0"],
            },
            new SbomComponent(SbomComponentKind.NuGetPackage, "Legacy.Lib", "1.0.0+build.5", PackageUrl.NuGet("Legacy.Lib", "1.0.0+build.5"))
            {
                IsDirect = false,
                License = new SbomLicense(Url: "https://example.com/license.txt"),
            },
            new SbomComponent(SbomComponentKind.NuGetPackage, "Files.Lib", "2.0.0", PackageUrl.NuGet("Files.Lib", "2.0.0"))
            {
                IsDirect = true,
                License = new SbomLicense(Text: "License file LICENSE.txt in the package"),
            },
            new SbomComponent(SbomComponentKind.NuGetPackage, "No.License", "0.1.0-beta", PackageUrl.NuGet("No.License", "0.1.0-beta")) { IsDirect = true },
            new SbomComponent(SbomComponentKind.DotNetFramework, "Microsoft.NETCore.App", "10.0.12", PackageUrl.DotNetFramework("Microsoft.NETCore.App", "10.0.12"))
            {
                Source = "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12",
            },
            new SbomComponent(SbomComponentKind.OsPackage, "libc6", "2.36-9+deb12u10", PackageUrl.Deb(Debian, "libc6", "2.36-9+deb12u10", "amd64"))
            {
                Source = "/var/lib/dpkg/status",
            },
            new SbomComponent(SbomComponentKind.OsPackage, "base-files", "13ubuntu10", PackageUrl.Deb(new OsRelease("ubuntu", "24.04", null), "base-files", "13ubuntu10", "amd64"))
            {
                Hashes = [new SbomHash(SbomHashAlgorithm.Sha256, new string('a', 64))],
            },
            new SbomComponent(SbomComponentKind.OsPackage, "musl", "1.2.5-r0", PackageUrl.Apk(new OsRelease("alpine", "3.20.3", null), "musl", "1.2.5-r0", "x86_64"))
            {
                License = new SbomLicense(Text: "MIT"),
            },
            new SbomComponent(SbomComponentKind.NuGetPackage, "Serilog", "4.0.0", PackageUrl.NuGet("Serilog", "4.0.0")),
        ])
    {
        OperatingSystem = Debian,
    };

    public static string CycloneDx(SbomInventory inventory) => Write(CycloneDxWriter.Write, inventory);

    public static string Spdx(SbomInventory inventory) => Write(SpdxWriter.Write, inventory);

    public static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Write(Action<Stream, SbomInventory, SbomWriteOptions> write, SbomInventory inventory)
    {
        using var stream = new MemoryStream();
        write(stream, inventory, Options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>An image as a dictionary of path to content; directories are paths with no content.</summary>
internal sealed class InMemoryImage(Dictionary<string, byte[]?> files) : IImageFileSource
{
    public IEnumerable<string> Paths => files.Keys;

    public Stream? Open(string path) => files.TryGetValue(path, out byte[]? content) && content is not null ? new MemoryStream(content) : null;
}
