using System.Text;
using ContainerHardening.Analysis;
using ContainerHardening.Image;
using ContainerHardening.Tests.Image;

namespace ContainerHardening.Tests.Rules;

public sealed class FileCollectorTests : ImageFixture
{
    [Fact]
    public void The_content_comes_from_the_topmost_layer_that_has_the_file()
    {
        FileContentCollector files = Collect(new TestImageBuilder()
            .Layer(l => l.File("etc/passwd", "root:x:0:0\n").File("etc/group", "root:x:0:\n").File("etc/hosts", "127.0.0.1"))
            .Layer(l => l.File("etc/passwd", "app:x:1654:1654\n")));

        Assert.Equal(["etc/group", "etc/passwd"], files.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("app:x:1654:1654\n", Encoding.UTF8.GetString(files.Files["etc/passwd"]));
    }

    [Fact]
    public void A_whiteout_of_the_file_or_of_its_directory_removes_it_but_not_in_its_own_layer()
    {
        Assert.Empty(Collect(new TestImageBuilder().Layer(l => l.File("etc/passwd", "a")).Layer(l => l.Whiteout("etc/passwd"))).Files);
        Assert.Empty(Collect(new TestImageBuilder().Layer(l => l.File("etc/passwd", "a")).Layer(l => l.Whiteout("etc"))).Files);
        Assert.Empty(Collect(new TestImageBuilder().Layer(l => l.File("etc/passwd", "a")).Layer(l => l.Directory("etc").Opaque("etc"))).Files);
        Assert.Single(Collect(new TestImageBuilder().Layer(l => l.File("etc/passwd", "a")).Layer(l => l.File("etc/passwd", "b").Whiteout("etc/passwd"))).Files);
    }

    [Fact]
    public void A_file_too_large_to_keep_or_a_link_in_a_higher_layer_drops_the_lower_content()
    {
        Assert.Empty(Collect(new TestImageBuilder()
            .Layer(l => l.File("etc/passwd", "small"))
            .Layer(l => l.File("etc/passwd", new string('x', FileContentCollector.MaxFileBytes + 1)))).Files);
        Assert.Empty(Collect(new TestImageBuilder()
            .Layer(l => l.File("etc/passwd", "small"))
            .Layer(l => l.Symlink("etc/passwd", "../usr/share/passwd"))).Files);
    }

    [Fact]
    public void The_head_collector_keeps_the_first_four_bytes_of_files_under_its_directory_only()
    {
        var heads = new FileHeadCollector("/app");
        using (IImageSource source = ImageSource.Open(new TestImageBuilder()
            .Layer(l => l.File("app/App", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1]).File("app/a.sh", "#!").File("application/x", "zz").File("etc/x", "yy"))
            .WriteOciTar(PathFor("heads.tar"))))
        {
            LayerPass.Run(source, [heads]);
        }

        Assert.Equal(["app/App", "app/a.sh"], heads.Heads.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], heads.Heads["app/App"]);
        Assert.Equal("#!"u8.ToArray(), heads.Heads["app/a.sh"]);
    }

    private FileContentCollector Collect(TestImageBuilder image)
    {
        var files = new FileContentCollector(FileContentCollector.DefaultPaths);
        using IImageSource source = ImageSource.Open(image.WriteOciTar(PathFor(Guid.NewGuid() + ".tar")));
        LayerPass.Run(source, [new ImageFilesystem(), files]);
        return files;
    }
}
