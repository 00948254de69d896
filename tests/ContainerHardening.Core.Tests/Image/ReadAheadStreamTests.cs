using ContainerHardening.Image;

namespace ContainerHardening.Tests.Image;

public sealed class ReadAheadStreamTests
{
    private const int BufferBytes = 4096;
    private const int Buffers = 3;

    // Long enough for a loaded machine; a hang shows as a failure after this instead of a test run that never ends.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_reader_gets_the_source_bytes_in_order_whatever_the_read_sizes()
    {
        var source = new PatternSource(length: 1_000_003);
        using var stream = new ReadAheadStream(source, BufferBytes, Buffers, CancellationToken.None);

        var read = new MemoryStream();
        int[] readSizes = [1, 7, 512, BufferBytes, BufferBytes + 1, 100_000];
        byte[] buffer = new byte[readSizes.Max()];
        for (int i = 0; ; i++)
        {
            int count = Within(() => stream.Read(buffer, 0, readSizes[i % readSizes.Length]));
            if (count == 0)
            {
                break;
            }

            read.Write(buffer, 0, count);
        }

        Assert.Equal(PatternSource.Bytes(0, 1_000_003), read.ToArray());
        Assert.Equal(0, stream.Read(buffer));
    }

    [Fact]
    public void An_exception_from_the_source_reaches_the_reader_as_itself_after_the_bytes_before_it()
    {
        var failure = new InvalidDataException("bad block");
        using var stream = new ReadAheadStream(new PatternSource(length: 10_000, failure), BufferBytes, Buffers, CancellationToken.None);
        byte[] buffer = new byte[10_000];

        Within(() => stream.ReadAtLeast(buffer, buffer.Length));

        Assert.Equal(PatternSource.Bytes(0, 10_000), buffer);
        Assert.Same(failure, Within(() => Assert.Throws<InvalidDataException>(() => stream.Read(buffer))));
        Assert.Same(failure, Assert.Throws<InvalidDataException>(() => stream.Read(buffer)));
    }

    [Fact]
    public void The_source_is_read_ahead_no_further_than_the_buffers_hold()
    {
        var source = new PatternSource(length: long.MaxValue);
        using var stream = new ReadAheadStream(source, BufferBytes, Buffers, CancellationToken.None);

        Assert.True(SpinWait.SpinUntil(() => source.Served == Buffers * BufferBytes, Patience));
        Thread.Sleep(200);
        Assert.Equal(Buffers * BufferBytes, source.Served);

        Within(() => stream.Read(new byte[1]));
        Assert.True(SpinWait.SpinUntil(() => source.Served == (Buffers + 1) * BufferBytes, Patience));
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_reading_thread_and_disposes_the_source()
    {
        var source = new PatternSource(length: long.MaxValue);
        var stream = new ReadAheadStream(source, BufferBytes, Buffers, CancellationToken.None);
        Within(() => stream.Read(new byte[100]));

        Within(stream.Dispose);

        Assert.True(source.Disposed);
        Assert.False(source.ReadingThread!.IsAlive);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[1]));
    }

    [Fact]
    public async Task Disposing_waits_for_the_source_read_in_progress()
    {
        using var release = new ManualResetEventSlim();
        var source = new PatternSource(length: long.MaxValue) { Gate = release };
        var stream = new ReadAheadStream(source, BufferBytes, Buffers, CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => source.ReadingThread is not null, Patience));

        Task disposing = Task.Run(stream.Dispose);

        Assert.NotSame(disposing, await Task.WhenAny(disposing, Task.Delay(200)));
        Assert.False(source.Disposed);
        release.Set();
        await disposing.WaitAsync(Patience);
        Assert.True(source.Disposed);
        Assert.False(source.ReadingThread!.IsAlive);
    }

    [Fact]
    public void Cancelling_stops_the_reading_ahead_and_the_reader_gets_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        var source = new PatternSource(length: long.MaxValue);
        var stream = new ReadAheadStream(source, BufferBytes, Buffers, cancellation.Token);
        Within(() => stream.Read(new byte[100]));

        cancellation.Cancel();

        Within(() => Assert.Throws<OperationCanceledException>(() => stream.ReadAtLeast(new byte[10 * BufferBytes], 10 * BufferBytes)));
        Within(stream.Dispose);
        Assert.True(source.Disposed);
        Assert.False(source.ReadingThread!.IsAlive);
    }

    private static T Within<T>(Func<T> action)
    {
        Task<T> task = Task.Run(action);
        Assert.True(task.Wait(Patience), "The stream hung.");
        return task.Result;
    }

    private static void Within(Action action) => Within(() =>
    {
        action();
        return true;
    });

    /// <summary>Serves a byte pattern a little at a time, then ends or throws; remembers which thread read it.</summary>
    private sealed class PatternSource(long length, Exception? failure = null) : ReadOnlyStream
    {
        private long _served;

        public long Served => Volatile.Read(ref _served);

        public Thread? ReadingThread { get; private set; }

        /// <summary>When set, every read waits for it first.</summary>
        public ManualResetEventSlim? Gate { get; init; }

        public bool Disposed { get; private set; }

        public static byte[] Bytes(long offset, int count) => Enumerable.Range(0, count).Select(i => Pattern(offset + i)).ToArray();

        public override int Read(Span<byte> buffer)
        {
            ReadingThread = Thread.CurrentThread;
            Gate?.Wait();
            long left = length - _served;
            if (left == 0)
            {
                return failure is null ? 0 : throw failure;
            }

            // Pieces smaller than the stream's buffers, so every buffer takes several reads to fill.
            int count = (int)Math.Min(Math.Min(buffer.Length, 1000), left);
            for (int i = 0; i < count; i++)
            {
                buffer[i] = Pattern(_served + i);
            }

            Volatile.Write(ref _served, _served + count);
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        private static byte Pattern(long position) => (byte)(position % 251);
    }
}
