using System.Security.Cryptography;
using ContainerHardening.Analysis;
using ContainerHardening.Image;

namespace ContainerHardening.Tests.Image;

public sealed class LayerPassTests : ImageFixture
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 100)]
    [InlineData(3, 3 * 1024 * 1024)]
    public void Every_observer_that_asks_for_a_file_gets_all_of_its_bytes_in_the_one_pass(int observerCount, int size)
    {
        byte[] content = RandomNumberGenerator.GetBytes(size);
        var observers = Enumerable.Range(0, observerCount).Select(_ => new HashingObserver("app/model.bin")).ToArray();
        var bystander = new HashingObserver(wanted: null);

        using (IImageSource source = ImageSource.Open(new TestImageBuilder()
            .Layer(l => l.File("app/model.bin", content).File("app/other", "x"))
            .WriteOciTar(PathFor("image.tar"))))
        {
            LayerPass.Run(source, [.. observers, bystander]);
        }

        Assert.All(observers, o => Assert.Equal(SHA256.HashData(content), o.Hash));
        Assert.All(observers, o => Assert.Equal(["app/model.bin", "app/other"], o.Seen));
        Assert.Equal(["app/model.bin", "app/other"], bystander.Seen);
        Assert.Null(bystander.Hash);
    }

    [Fact]
    public void Observers_see_whiteouts_with_the_layer_they_come_from()
    {
        var observer = new HashingObserver(wanted: null);
        using (IImageSource source = ImageSource.Open(new TestImageBuilder()
            .Layer(l => l.File("etc/secret"))
            .Layer(l => l.Whiteout("etc/secret").Opaque("var"))
            .WriteOciTar(PathFor("image.tar"))))
        {
            LayerPass.Run(source, [observer]);
        }

        Assert.Equal(
            [("etc/secret", EntryKind.File, 0), ("etc/secret", EntryKind.Whiteout, 1), ("var", EntryKind.OpaqueWhiteout, 1)],
            observer.Entries.Select(e => (e.Path, e.Kind, e.LayerIndex)));
    }

    [Fact]
    public void The_pass_stops_when_cancelled()
    {
        using IImageSource source = ImageSource.Open(new TestImageBuilder().Layer(l => l.File("a")).WriteOciTar(PathFor("image.tar")));

        Assert.Throws<OperationCanceledException>(() => LayerPass.Run(source, [new HashingObserver(null)], cancellationToken: new CancellationToken(canceled: true)));
    }

    private sealed class HashingObserver(string? wanted) : ILayerObserver
    {
        public List<ImageEntry> Entries { get; } = [];

        public IEnumerable<string> Seen => Entries.Select(e => e.Path);

        public byte[]? Hash { get; private set; }

        public bool WantsContent(ImageEntry entry) => entry.Path == wanted;

        public void OnEntry(ImageEntry entry, Stream? content)
        {
            Entries.Add(entry);
            if (content is not null)
            {
                Hash = SHA256.HashData(content);
            }
        }
    }
}
