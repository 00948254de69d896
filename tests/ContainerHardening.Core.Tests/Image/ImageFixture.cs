using ContainerHardening.Analysis;
using ContainerHardening.Image;

namespace ContainerHardening.Tests.Image;

/// <summary>A temp folder per test class, and the shortcuts the image tests share.</summary>
public abstract class ImageFixture() : TemporaryFolderTests("ch-image-")
{
    private protected string PathFor(string name) => Path.Combine(Folder, name);

    private protected ImageFilesystem ReadFilesystem(TestImageBuilder image)
    {
        using IImageSource source = ImageSource.Open(image.WriteOciTar(PathFor(Guid.NewGuid() + ".tar")));
        return ImageFilesystem.Read(source);
    }

    /// <summary>Opens the archive and runs the whole layer pass, as the analysis does, expecting it to fail.</summary>
    private protected static ImageFormatException ReadFails(string archive) =>
        Assert.Throws<ImageFormatException>(() =>
        {
            using IImageSource source = ImageSource.Open(archive);
            ImageFilesystem.Read(source);
        });
}
