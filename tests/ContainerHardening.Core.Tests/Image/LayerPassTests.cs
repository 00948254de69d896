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

    [Fact]
    public void Entries_reach_the_observers_in_layer_and_archive_order_with_their_bytes_across_many_read_ahead_buffers()
    {
        // Incompressible files of odd sizes, several MB a layer: entries and contents straddle the read-ahead buffers.
        var random = new Random(5);
        var image = new TestImageBuilder();
        var expected = new List<(string Path, int Layer, string Hash)>();
        for (int layer = 0; layer < 3; layer++)
        {
            var files = Enumerable.Range(0, 40).Select(i => ($"l{layer}/f{i:D2}", RandomNumberGenerator.GetBytes(random.Next(0, 300_000)))).ToArray();
            image.Layer(l => Array.ForEach(files, f => l.File(f.Item1, f.Item2)), layer == 1 ? LayerCompression.Zstd : LayerCompression.Gzip);
            expected.AddRange(files.Select(f => (f.Item1, layer, Convert.ToHexString(SHA256.HashData(f.Item2)))));
        }

        var observer = new ContentObserver();
        using (IImageSource source = ImageSource.Open(image.WriteOciTar(PathFor("image.tar"))))
        {
            LayerPass.Run(source, [observer]);
        }

        Assert.Equal(expected, observer.Seen);
    }

    [Fact]
    public void An_observer_that_throws_stops_the_pass_with_its_own_exception_and_every_blob_is_closed()
    {
        var failure = new InvalidOperationException("observer failed");
        using var source = new BlobTrackingSource(ImageSource.Open(LargeImage().WriteOciTar(PathFor("image.tar"))));

        Exception thrown = Within(() => Assert.Throws<InvalidOperationException>(() => LayerPass.Run(source, [new FailingObserver(failure)])));

        Assert.Same(failure, thrown);
        Assert.Equal(1, source.Opened);
        Assert.Equal(source.Opened, source.Closed);
    }

    [Fact]
    public void Cancelling_in_the_middle_of_a_layer_stops_the_pass_and_every_blob_is_closed()
    {
        using var cancellation = new CancellationTokenSource();
        using var source = new BlobTrackingSource(ImageSource.Open(LargeImage().WriteOciTar(PathFor("image.tar"))));
        var cancelling = new CancellingObserver(cancellation);

        Within(() => Assert.Throws<OperationCanceledException>(() => LayerPass.Run(source, [cancelling], cancellationToken: cancellation.Token)));

        Assert.Equal(1, cancelling.Seen);
        Assert.Equal(1, source.Opened);
        Assert.Equal(source.Opened, source.Closed);
    }

    [Theory]
    [InlineData("tampered", "CH0022")]
    [InlineData("truncated", "CH0020")]
    [InlineData("wrong diff_id", "CH0023")]
    public void Damage_to_a_layer_larger_than_the_read_ahead_buffers_fails_as_in_a_small_one(string damage, string id)
    {
        TestImageBuilder image = damage switch
        {
            "tampered" => LargeImage().TamperWithBlob(0),
            "truncated" => LargeImage().TruncateBlob(0, 3_000_000),
            _ => LargeImage().WrongDiffId(0),
        };
        string archive = image.WriteOciTar(PathFor("damaged.tar"));

        Assert.Equal(id, Within(() => ReadFails(archive)).Id);
    }

    /// <summary>Two layers of incompressible bytes, more than the read-ahead buffers hold.</summary>
    private static TestImageBuilder LargeImage() => new TestImageBuilder()
        .Layer(l => l.File("a", RandomNumberGenerator.GetBytes(4_000_000)).File("b", RandomNumberGenerator.GetBytes(4_000_000)))
        .Layer(l => l.File("c", RandomNumberGenerator.GetBytes(4_000_000)));

    private static T Within<T>(Func<T> action)
    {
        // Long enough for a loaded machine; a hang shows as a failure after this instead of a test run that never ends.
        Task<T> task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "The layer pass hung.");
        return task.Result;
    }

    private sealed class ContentObserver : ILayerObserver
    {
        public List<(string Path, int Layer, string Hash)> Seen { get; } = [];

        public bool WantsContent(ImageEntry entry) => true;

        public void OnEntry(ImageEntry entry, Stream? content) =>
            Seen.Add((entry.Path, entry.LayerIndex, Convert.ToHexString(SHA256.HashData(content!))));
    }

    private sealed class FailingObserver(Exception failure) : ILayerObserver
    {
        public bool WantsContent(ImageEntry entry) => false;

        public void OnEntry(ImageEntry entry, Stream? content) => throw failure;
    }

    private sealed class CancellingObserver(CancellationTokenSource cancellation) : ILayerObserver
    {
        public int Seen { get; private set; }

        public bool WantsContent(ImageEntry entry) => false;

        public void OnEntry(ImageEntry entry, Stream? content)
        {
            Seen++;
            cancellation.Cancel();
        }
    }

    /// <summary>Counts the blob streams the pass opens and closes: a read-ahead thread closes its blob only when it stops.</summary>
    private sealed class BlobTrackingSource(IImageSource inner) : IImageSource
    {
        private int _closed;

        public int Opened { get; private set; }

        public int Closed => Volatile.Read(ref _closed);

        public string ImagePath => inner.ImagePath;

        public ImageManifest Manifest => inner.Manifest;

        public string? ManifestDigest => inner.ManifestDigest;

        public ImageConfig Config => inner.Config;

        public Stream OpenBlob(Descriptor descriptor)
        {
            Opened++;
            return new ClosingStream(inner.OpenBlob(descriptor), () => Interlocked.Increment(ref _closed));
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class ClosingStream(Stream inner, Action closed) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                closed();
            }

            base.Dispose(disposing);
        }
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
