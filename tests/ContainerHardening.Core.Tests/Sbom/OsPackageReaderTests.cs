using System.Text;
using ContainerHardening.Diagnostics;
using ContainerHardening.Sbom;
using ZstdSharp;

namespace ContainerHardening.Tests.Sbom;

public class OsPackageReaderTests
{
    private const string DpkgStatus = """
        Package: libc6
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Version: 2.36-9+deb12u10
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         the system.

        Package: removed-thing
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0

        Package: tzdata
        Status: install ok installed
        Architecture: all
        Version: 2025b-0+deb12u1

        """;

    [Fact]
    public void Dpkg_status_lists_installed_packages_only()
    {
        SbomReadResult<IReadOnlyList<SbomComponent>> result = DpkgStatusReader.Read(DpkgStatus, "var/lib/dpkg/status", Inventories.Debian);

        Assert.Empty(result.Findings);
        Assert.Equal(
            ["pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12", "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all&distro=debian-12"],
            result.Value.Select(c => c.Purl));
        Assert.All(result.Value, c => Assert.Equal("/var/lib/dpkg/status", c.Source));
    }

    [Fact]
    public void A_corrupt_dpkg_status_keeps_the_good_paragraphs_and_warns()
    {
        string corrupt = "Package: ok\nVersion: 1\n\nthis line is garbage\nVersion: 2\nArchitecture: amd64\n\nPackage: also-ok\nVersion: 3\n";
        SbomReadResult<IReadOnlyList<SbomComponent>> result = DpkgStatusReader.Read(corrupt, "var/lib/dpkg/status", null);

        Assert.Equal(["ok", "also-ok"], result.Value.Select(c => c.Name));
        Assert.Equal(2, result.Findings.Count);
        Assert.All(result.Findings, f => Assert.Equal("/var/lib/dpkg/status", f.Subject));
        Assert.All(result.Findings, f => Assert.Null(f.File));
        Assert.Contains(result.Findings, f => f.Message.Contains("line 4", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Message.Contains("no Package field", StringComparison.Ordinal));
    }

    [Fact]
    public void A_binary_file_is_a_warning_not_an_exception()
    {
        SbomReadResult<IReadOnlyList<SbomComponent>> result = DpkgStatusReader.Read(new MemoryStream([0x7f, 0x45, 0x4c, 0x46, 0, 0]), "var/lib/dpkg/status", null);
        Assert.Empty(result.Value);
        Assert.Equal("CH6002", Assert.Single(result.Findings).Rule.Id);
    }

    [Fact]
    public void Apk_installed_reads_name_version_arch_and_license_case_sensitively()
    {
        const string installed = "C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\na:0:0:755\nL:MIT\np:so:libc.musl-x86_64.so.1=1\n\nP:busybox\nV:1.36.1-r29\nA:x86_64\nL:GPL-2.0-only\n";
        SbomReadResult<IReadOnlyList<SbomComponent>> result = ApkInstalledReader.Read(installed, "lib/apk/db/installed", new OsRelease("alpine", "3.20.3", null));

        Assert.Empty(result.Findings);
        SbomComponent musl = result.Value[0];
        Assert.Equal("pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3", musl.Purl);
        Assert.Equal(new SbomLicense(Text: "MIT"), musl.License);
        Assert.Equal("busybox", result.Value[1].Name);
    }

    [Fact]
    public void Apk_paragraphs_without_a_version_are_warned_about()
    {
        SbomReadResult<IReadOnlyList<SbomComponent>> result = ApkInstalledReader.Read("P:musl\nA:x86_64\n", "lib/apk/db/installed", null);
        Assert.Empty(result.Value);
        Assert.Contains("no V field", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chisel_manifest_lists_its_packages_with_their_hashes()
    {
        string wall = """
            {"jsonwall":"1.0","schema":"1.0","count":4}
            {"kind":"package","name":"base-files","version":"13ubuntu10","sha256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","arch":"amd64"}
            {"kind":"package","name":"libc6","version":"2.39-0ubuntu8.4","sha256":"not-a-hash","arch":"amd64"}
            {"kind":"path","path":"/etc/ssl/","mode":"0755","slices":["ca-certificates_data"]}
            {"kind":"slice","name":"libc6_libs"}
            """;
        SbomReadResult<IReadOnlyList<SbomComponent>> result = ChiselManifestReader.Read(new MemoryStream(Compress(wall)), "var/lib/chisel/manifest.wall", new OsRelease("ubuntu", "24.04", null));

        Assert.Empty(result.Findings);
        Assert.Equal(["base-files", "libc6"], result.Value.Select(c => c.Name));
        Assert.Equal("pkg:deb/ubuntu/base-files@13ubuntu10?arch=amd64&distro=ubuntu-24.04", result.Value[0].Purl);
        Assert.Equal(new SbomHash(SbomHashAlgorithm.Sha256, new string('a', 64)), Assert.Single(result.Value[0].Hashes));
        Assert.Empty(result.Value[1].Hashes);
    }

    [Fact]
    public void A_chisel_manifest_that_is_not_zstd_or_not_jsonwall_is_warned_about()
    {
        SbomReadResult<IReadOnlyList<SbomComponent>> notZstd = ChiselManifestReader.Read(Inventories.Text("{\"jsonwall\":\"1.0\"}"), "var/lib/chisel/manifest.wall", null);
        Assert.Empty(notZstd.Value);
        Assert.Contains("not zstd-compressed", Assert.Single(notZstd.Findings).Message, StringComparison.Ordinal);

        SbomReadResult<IReadOnlyList<SbomComponent>> noHeader = ChiselManifestReader.Read(new MemoryStream(Compress("{\"kind\":\"package\",\"name\":\"a\",\"version\":\"1\"}\n{broken\n")), "var/lib/chisel/manifest.wall", null);
        Assert.Equal("a", Assert.Single(noHeader.Value).Name);
        Assert.Equal(2, noHeader.Findings.Count);
        Assert.Contains(noHeader.Findings, f => f.Message.Contains("line 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_frameworks_come_from_their_folders()
    {
        string[] paths =
        [
            "usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so",
            "usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/",
            "/usr/share/dotnet/shared/Microsoft.AspNetCore.App/10.0.12/Microsoft.AspNetCore.dll",
            "usr/share/dotnet/shared/Microsoft.NETCore.App/",
            "usr/share/dotnet/shared/Microsoft.NETCore.App/notes/readme.txt",
            "usr/share/dotnet/dotnet",
        ];
        Assert.Equal(
            ["pkg:generic/dotnet/Microsoft.AspNetCore.App@10.0.12", "pkg:generic/dotnet/Microsoft.NETCore.App@10.0.12"],
            SharedFrameworkReader.Read(paths).Select(c => c.Purl));
    }

    [Fact]
    public void The_image_reader_combines_every_database_it_finds()
    {
        var image = new InMemoryImage(new Dictionary<string, byte[]?>
        {
            ["etc/"] = null,
            ["etc/os-release"] = Encoding.UTF8.GetBytes("ID=ubuntu\nVERSION_ID=\"24.04\"\n"),
            ["var/lib/dpkg/status.d/"] = null,
            ["var/lib/dpkg/status.d/libssl3t64"] = Encoding.UTF8.GetBytes("Package: libssl3t64\nVersion: 3.0.13-0ubuntu3.5\nArchitecture: amd64\n"),
            ["var/lib/dpkg/status.d/libssl3t64.md5sums"] = Encoding.UTF8.GetBytes("d41d8cd98f00b204e9800998ecf8427e  usr/lib/libssl.so.3\n"),
            ["var/lib/chisel/manifest.wall"] = Compress("{\"jsonwall\":\"1.0\"}\n{\"kind\":\"package\",\"name\":\"base-files\",\"version\":\"13ubuntu10\",\"arch\":\"amd64\"}\n"),
            ["usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll"] = [],
        });

        SbomReadResult<ImageContents> result = ImageInventoryReader.Read(image);

        Assert.Empty(result.Findings);
        Assert.Equal("ubuntu-24.04", result.Value.OperatingSystem!.Distro);
        Assert.Equal(
            ["pkg:deb/ubuntu/base-files@13ubuntu10?arch=amd64&distro=ubuntu-24.04", "pkg:deb/ubuntu/libssl3t64@3.0.13-0ubuntu3.5?arch=amd64&distro=ubuntu-24.04", "pkg:generic/dotnet/Microsoft.NETCore.App@10.0.12"],
            result.Value.Components.Select(c => c.Purl).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_image_without_package_databases_gives_nothing_and_no_warning()
    {
        SbomReadResult<ImageContents> result = ImageInventoryReader.Read(new InMemoryImage(new Dictionary<string, byte[]?> { ["app/Shop.Api.dll"] = [1] }));
        Assert.Null(result.Value.OperatingSystem);
        Assert.Empty(result.Value.Components);
        Assert.Empty(result.Findings);
    }

    private static byte[] Compress(string text)
    {
        using var compressor = new Compressor();
        return compressor.Wrap(Encoding.UTF8.GetBytes(text)).ToArray();
    }
}
