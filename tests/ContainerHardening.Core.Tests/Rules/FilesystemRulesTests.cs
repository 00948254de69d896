using ContainerHardening.Diagnostics;
using ContainerHardening.Rules;
using ContainerHardening.Tests.Image;

namespace ContainerHardening.Tests.Rules;

public sealed class FilesystemRulesTests : RuleFixture
{
    [Fact]
    public void A_setuid_file_and_a_hard_link_to_it_are_CH2001()
    {
        ImageFacts facts = Facts(baseLayer: l => l.File("usr/bin/su", Elf, Modes.SetUid)
            .File("usr/bin/wall", Elf, Modes.Executable | UnixFileMode.SetGroup)
            .HardLink("usr/sbin/su-link", "usr/bin/su"));

        IReadOnlyList<Finding> findings = AssertFired(facts, DiagnosticIds.SetUidFile);

        Assert.Equal(["/usr/bin/su", "/usr/bin/wall", "/usr/sbin/su-link"], findings.Select(f => f.Subject));
        Assert.Contains("the setgid bit", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_world_writable_file_or_a_directory_without_sticky_bit_is_CH2002_but_tmp_is_not()
    {
        const UnixFileMode everyone = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        ImageFacts facts = Facts(baseLayer: l => l.Directory("var/data", Modes.Directory | everyone).File("etc/motd", "hi", Modes.File | everyone));

        IReadOnlyList<Finding> findings = AssertFired(facts, DiagnosticIds.WorldWritable);

        Assert.Equal(["/etc/motd", "/var/data"], findings.Select(f => f.Subject));
        Assert.Contains("directory without the sticky bit", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_capabilities_is_CH2003()
    {
        ImageFacts facts = Facts(baseLayer: l => l.File("usr/bin/ping", Elf, Modes.Executable, xattrs: new Dictionary<string, string> { ["security.capability"] = "\u0001" }));

        Assert.Equal("/usr/bin/ping", Assert.Single(AssertFired(facts, DiagnosticIds.FileCapabilities)).Subject);
    }

    [Fact]
    public void App_files_the_image_user_owns_or_anyone_may_write_are_one_CH2004()
    {
        ImageFacts facts = Facts(appLayer: l => l.Directory("app", uid: 1654, gid: 1654)
            .File("app/App.dll", "MZ", uid: 1654, gid: 1654)
            .File("app/appsettings.json", "{}", Modes.File | UnixFileMode.GroupWrite));

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.AppFilesWritable));

        Assert.Equal("/app", finding.Subject);
        Assert.StartsWith("3 path(s) in the app directory /app are writable by the image user '1654' (for example /app, /app/App.dll, /app/appsettings.json)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exec_bits_on_app_files_that_are_not_programs_are_one_CH2005_with_five_examples()
    {
        ImageFacts facts = Facts(appLayer: l =>
        {
            l.File("app/App.dll", "MZ", Modes.Executable).File("app/run.sh", "#!/bin/sh\nexec /app/App\n", Modes.Executable);
            for (int i = 0; i < 6; i++)
            {
                l.File($"app/Lib{i}.dll", "MZ", Modes.Executable);
            }
        });

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.NeedlessExecBit));

        Assert.StartsWith("7 file(s) in the app layer", finding.Message, StringComparison.Ordinal);
        Assert.Contains("(for example /app/App.dll, /app/Lib0.dll, /app/Lib1.dll, /app/Lib2.dll, /app/Lib3.dll)", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("run.sh", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_apphost_is_never_a_needless_exec_bit_even_without_its_first_bytes()
    {
        ImageFacts facts = Facts();

        AssertFired(facts with { AppFileHeads = new Dictionary<string, byte[]>() });
        AssertFired(facts with { AppFileHeads = new Dictionary<string, byte[]>(), App = WebApp with { AssemblyName = null } }, DiagnosticIds.NeedlessExecBit);
    }

    [Fact]
    public void Executable_base_layer_files_are_not_the_apps_business()
    {
        AssertFired(Facts(baseLayer: l => l.File("app/legacy.txt", "x", Modes.Executable)));
    }

    [Fact]
    public void Shells_and_download_tools_in_PATH_are_CH2006_once_per_file()
    {
        ImageFacts facts = Facts(baseLayer: l => l.File("usr/bin/dash", Elf, Modes.Executable).Symlink("usr/bin/sh", "dash")
            .Symlink("bin", "usr/bin").File("usr/bin/curl", Elf, Modes.Executable));

        IReadOnlyList<Finding> findings = AssertFired(facts, DiagnosticIds.ShellOrPackageManager);

        Assert.Equal(["/usr/bin/sh", "/usr/bin/curl"], findings.Select(f => f.Subject));
    }

    [Fact]
    public void Files_that_do_not_belong_in_production_are_CH2007_but_certificates_are_not()
    {
        ImageFacts facts = Facts(
            baseLayer: l => l.File("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----").File("etc/ssl/private/server.key", "k"),
            appLayer: l => l.File("app/App.pdb", "BSJB").File("app/appsettings.Development.json", "{}").File("app/Program.cs", "//")
                .Directory("app/.git").File("app/.git/config", "[core]").File("app/.env", "A=1"));

        IReadOnlyList<Finding> findings = AssertFired(facts, DiagnosticIds.UnwantedFile);

        Assert.Equal(["/app/.env", "/app/.git", "/app/App.pdb", "/app/Program.cs", "/app/appsettings.Development.json", "/etc/ssl/private/server.key", "/root/.ssh/id_rsa"],
            findings.Select(f => f.Subject));
        Assert.Contains("(*.pdb)", findings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unwanted_file_a_higher_layer_deletes_is_CH2008_naming_both_layers()
    {
        ImageFacts facts = Facts(baseLayer: l => l.File("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----"),
            appLayer: l => l.Whiteout("root/.ssh/id_rsa"));

        Finding finding = Assert.Single(AssertFired(facts, DiagnosticIds.HiddenUnwantedFile));

        Assert.Equal("/root/.ssh/id_rsa", finding.Subject);
        Assert.Contains($"deleted by layer {facts.Layers[1].Digest} but still ships in layer {facts.Layers[0].Digest}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_node_outside_dev_is_CH2009_but_one_in_dev_is_not()
    {
        ImageFacts facts = Facts(baseLayer: l => l.Device("dev/null").Device("opt/null").Device("opt/sda", block: true));

        IReadOnlyList<Finding> findings = AssertFired(facts, DiagnosticIds.DeviceNodeOutsideDev);

        Assert.Equal(["/opt/null", "/opt/sda"], findings.Select(f => f.Subject));
        Assert.Contains("a block device node", findings[1].Message, StringComparison.Ordinal);
    }
}
