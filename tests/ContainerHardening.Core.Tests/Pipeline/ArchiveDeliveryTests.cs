using ContainerHardening.Pipeline;

namespace ContainerHardening.Tests.Pipeline;

public sealed class ArchiveDeliveryTests() : TemporaryFolderTests("ch-archive-")
{
    [Fact]
    public void A_file_path_is_used_as_given_and_a_folder_gets_the_sdk_file_name()
    {
        Assert.Equal(Path.Combine(Folder, "app.tar"), ArchiveDelivery.ArchivePath(Path.Combine(Folder, "app.tar"), "shop/api"));
        Assert.Equal(Path.Combine(Folder, "shop-api.tar.gz"), ArchiveDelivery.ArchivePath(Folder, "shop/api"));
        Assert.Equal(Path.Combine(Folder, "new", "shop-api.tar.gz"), ArchiveDelivery.ArchivePath(Path.Combine(Folder, "new") + "/", "shop/api"));
    }

    [Theory]
    [InlineData("/out/image.tar", "/out/image")]
    [InlineData("/out/image.tar.gz", "/out/image")]
    [InlineData("/out/my.app.tgz", "/out/my.app")]
    [InlineData("/out/image", "/out/image")]
    public void The_stem_drops_only_the_archive_extension(string archive, string stem)
    {
        Assert.Equal(stem, ArchiveDelivery.Stem(archive));
    }

    [Fact]
    public void The_archive_is_copied_once_and_again_only_when_the_image_or_the_destination_changed()
    {
        string image = Path.Combine(Folder, "image.tar");
        string archive = Path.Combine(Folder, "out", "app.tar");
        File.WriteAllText(image, "image one");

        Assert.True(ArchiveDelivery.Copy(image, "sha256:1", archive));
        Assert.False(ArchiveDelivery.Copy(image, "sha256:1", archive));

        File.AppendAllText(archive, "changed by someone");
        Assert.True(ArchiveDelivery.Copy(image, "sha256:1", archive));
        Assert.Equal("image one", File.ReadAllText(archive));

        File.WriteAllText(image, "image two");
        Assert.True(ArchiveDelivery.Copy(image, "sha256:2", archive));
        Assert.Equal("image two", File.ReadAllText(archive));
    }
}
