using ContainerHardening.Analysis;

namespace ContainerHardening.Tests.Image;

public sealed class ImageFilesystemTests : ImageFixture
{
    [Fact]
    public void A_whiteout_removes_a_lower_directory_with_its_contents_and_records_them_as_hidden()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l.Directory("root/.aws").File("root/.aws/credentials", "[default]").File("etc/hosts"))
            .Layer(l => l.Whiteout("root/.aws")));

        Assert.Null(filesystem.Get("root/.aws"));
        Assert.Null(filesystem.Get("/root/.aws/credentials"));
        Assert.NotNull(filesystem.Get("etc/hosts"));
        HiddenEntry credentials = Assert.Single(filesystem.HiddenEntries, h => h.Entry.Path == "root/.aws/credentials");
        Assert.Equal((0, 1, HideReason.Whiteout), (credentials.Entry.LayerIndex, credentials.HiddenByLayerIndex, credentials.Reason));
        Assert.Equal(["root/.aws", "root/.aws/credentials"], filesystem.HiddenEntries.Select(h => h.Entry.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_whiteout_does_not_remove_what_its_own_layer_adds()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l.File("app/old.dll"))
            .Layer(l => l.File("app/old.dll", "new").Whiteout("app/old.dll")));

        Assert.Equal(1, filesystem.Get("app/old.dll")!.LayerIndex);
        Assert.Equal(HideReason.Replaced, Assert.Single(filesystem.HiddenEntries).Reason);
    }

    [Fact]
    public void An_opaque_directory_hides_the_lower_children_but_keeps_itself_and_its_own_layer_children()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l.Directory("var/cache").File("var/cache/apt/pkgcache.bin").File("var/cache/old"))
            .Layer(l => l.Directory("var/cache").Opaque("var/cache").File("var/cache/new")));

        Assert.Equal(["var/cache", "var/cache/new"], filesystem.Entries.Keys.Where(k => k.StartsWith("var/cache", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(filesystem.HiddenEntries, h => Assert.Equal(HideReason.OpaqueDirectory, h.Reason));
        Assert.Equal(["var/cache/apt/pkgcache.bin", "var/cache/old"], filesystem.HiddenEntries.Select(h => h.Entry.Path).Order(StringComparer.Ordinal));
        Assert.Null(filesystem.Resolve("var/cache/apt"));
    }

    [Fact]
    public void A_file_overwritten_by_a_later_layer_stays_listed_as_hidden_but_a_redeclared_directory_does_not()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l.Directory("app").File("app/appsettings.json", "{\"ConnectionString\":\"…\"}"))
            .Layer(l => l.Directory("app", uid: 1654).File("app/appsettings.json", "{}")));

        HiddenEntry hidden = Assert.Single(filesystem.HiddenEntries);
        Assert.Equal(("app/appsettings.json", HideReason.Replaced, 0), (hidden.Entry.Path, hidden.Reason, hidden.Entry.LayerIndex));
        Assert.Equal(1654, filesystem.Get("app")!.Uid);
    }

    [Fact]
    public void A_file_replacing_a_directory_hides_everything_that_was_under_it()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l.Directory("opt/tool").File("opt/tool/bin/run"))
            .Layer(l => l.File("opt/tool", "now a file")));

        Assert.Equal(EntryKind.File, filesystem.Get("opt/tool")!.Kind);
        Assert.Null(filesystem.Get("opt/tool/bin/run"));
        Assert.Equal(["opt/tool", "opt/tool/bin/run"], filesystem.HiddenEntries.Select(h => h.Entry.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_hard_link_to_a_setuid_file_is_setuid_too_even_from_a_later_layer()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l
                .File("usr/bin/passwd", "elf", Modes.SetUid, uid: 0)
                .HardLink("usr/bin/chfn", "/usr/bin/passwd")
                .File("usr/bin/wall", "elf", Modes.Executable | UnixFileMode.SetGroup))
            .Layer(l => l.HardLink("app/helper", "usr/bin/passwd")));

        Assert.True(filesystem.Get("usr/bin/chfn")!.IsSetUid);
        Assert.Equal((false, true), (filesystem.Get("usr/bin/wall")!.IsSetUid, filesystem.Get("usr/bin/wall")!.IsSetGid));
        ImageEntry helper = filesystem.Get("app/helper")!;
        Assert.Equal((EntryKind.HardLink, "usr/bin/passwd", 3L, true), (helper.Kind, helper.LinkTarget, helper.Size, helper.IsSetUid));
    }

    [Fact]
    public void Symlinks_resolve_within_the_image_root()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l
                .Directory("usr/lib")
                .Directory("usr/lib/x86_64-linux-gnu")
                .File("usr/lib/x86_64-linux-gnu/libc.so.6", "elf")
                .Symlink("lib", "usr/lib")
                .Symlink("lib64", "/lib/x86_64-linux-gnu")
                .Symlink("usr/bin/escape", "../../../../../lib/x86_64-linux-gnu/libc.so.6")
                .Symlink("loop/a", "b")
                .Symlink("loop/b", "a")
                .Symlink("dangling", "nowhere")));

        Assert.Equal("usr/lib/x86_64-linux-gnu/libc.so.6", filesystem.Resolve("/lib64/libc.so.6")?.Path);
        Assert.Equal("usr/lib/x86_64-linux-gnu/libc.so.6", filesystem.Resolve("usr/bin/escape")?.Path);
        Assert.Equal("usr/lib", filesystem.Resolve("lib")?.Path);
        Assert.Equal(EntryKind.Symlink, filesystem.Get("lib")!.Kind);
        Assert.Null(filesystem.Resolve("loop/a"));
        Assert.Null(filesystem.Resolve("dangling"));
        Assert.Null(filesystem.Resolve("usr/lib/x86_64-linux-gnu/libc.so.6/oops"));
    }

    [Fact]
    public void Capabilities_in_PAX_xattrs_and_names_longer_than_100_characters_survive()
    {
        string longName = "app/wwwroot/" + string.Join('/', Enumerable.Repeat("deeply-nested-folder", 8)) + "/site.css";
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l
                .File("usr/bin/ping", "elf", Modes.Executable, xattrs: new Dictionary<string, string> { ["security.capability"] = "cap_net_raw+ep" })
                .File(longName, "body{}", uid: 1654)));

        Assert.True(longName.Length > 100);
        Assert.Equal("cap_net_raw+ep", filesystem.Get("usr/bin/ping")!.ExtendedAttributes["security.capability"]);
        Assert.Equal(1654, filesystem.Get(longName)!.Uid);
    }

    [Fact]
    public void Uncompressed_gzip_and_zstd_layers_stack_in_order()
    {
        ImageFilesystem filesystem = ReadFilesystem(new TestImageBuilder()
            .Layer(l => l.File("a", "plain"), LayerCompression.None)
            .Layer(l => l.File("b", "gzip"), LayerCompression.Gzip)
            .Layer(l => l.File("c", "zstd!"), LayerCompression.Zstd));

        Assert.Equal([("a", 0, 5L), ("b", 1, 4L), ("c", 2, 5L)], filesystem.Entries.Values.Select(e => (e.Path, e.LayerIndex, e.Size)).Order());
    }
}
