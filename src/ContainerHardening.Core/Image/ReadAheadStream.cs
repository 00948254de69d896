using System.Buffers;
using System.Runtime.ExceptionServices;

namespace ContainerHardening.Image;

/// <summary>
/// Reads a stream ahead on a thread of its own, so the work behind its reads (disk reads, hashing, decompression) runs
/// beside what the reader does with the bytes. The reader gets the same bytes in the same order. At most
/// <c>bufferCount</c> filled buffers, rented from the shared pool, wait for it, so memory stays bounded however far
/// the reader lags. An exception the source throws reaches the reader as itself, once the bytes before it are read.
/// </summary>
/// <remarks>
/// Like any stream it has one reader at a time. Disposing stops the thread and waits for it before the source is
/// disposed, so no thread outlives the stream; the source's read in progress, if any, is waited for, not interrupted.
/// </remarks>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private readonly Stream _source;
    private readonly int _bufferSize;
    private readonly int _bufferCount;
    private readonly CancellationToken _cancellationToken;
    private readonly Thread _producer;

    // _gate guards the four fields after it; the producer and the reader wait on it for each other.
    private readonly object _gate = new();
    private readonly Queue<ArraySegment<byte>> _filled = new();
    private bool _ended;
    private ExceptionDispatchInfo? _fault;
    private bool _stopping;

    // The reader's own: the unread rest of the buffer it took last.
    private ArraySegment<byte> _current;
    private bool _disposed;

    /// <param name="source">Read only by this stream's thread from now on, and disposed with this stream.</param>
    /// <param name="cancellationToken">Stops the reading ahead; the reader then gets an <see cref="OperationCanceledException"/>.</param>
    public ReadAheadStream(Stream source, int bufferSize, int bufferCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferCount);
        _source = source;
        _bufferSize = bufferSize;
        _bufferCount = bufferCount;
        _cancellationToken = cancellationToken;
        _producer = new Thread(Produce) { IsBackground = true, Name = nameof(ReadAheadStream) };
        _producer.Start();
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || (_current.Count == 0 && !TakeFilled()))
        {
            return 0;
        }

        int count = Math.Min(buffer.Length, _current.Count);
        _current.AsSpan(0, count).CopyTo(buffer);
        _current = _current[count..];
        return count;
    }

    /// <summary>Swaps the read buffer for the next filled one; false at the end of the source.</summary>
    private bool TakeFilled()
    {
        ReturnCurrent();
        _cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            while (_filled.Count == 0 && !_ended && _fault is null)
            {
                Monitor.Wait(_gate);
            }

            if (_filled.Count == 0)
            {
                _fault?.Throw();
                return false;
            }

            _current = _filled.Dequeue();
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    private void Produce()
    {
        try
        {
            bool ended = false;
            while (!ended && WaitForRoom())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                byte[] buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                int filled = 0;
                try
                {
                    while (filled < _bufferSize && !ended)
                    {
                        int read = _source.Read(buffer.AsSpan(filled, _bufferSize - filled));
                        filled += read;
                        ended = read == 0;
                    }
                }
                finally
                {
                    // Bytes read before a failure reach the reader ahead of it, as they would have without reading ahead.
                    Hand(buffer, filled, ended);
                }
            }
        }
        catch (Exception e)
        {
            // Whatever the source throws belongs to the reader, at this point of the stream.
            lock (_gate)
            {
                _fault = ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Queues a filled buffer for the reader; an empty one, or one read while stopping, goes back to the pool.</summary>
    private void Hand(byte[] buffer, int filled, bool ended)
    {
        lock (_gate)
        {
            if (filled == 0 || _stopping)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            else
            {
                _filled.Enqueue(new ArraySegment<byte>(buffer, 0, filled));
            }

            _ended = ended;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until fewer than the allowed buffers are filled; false once the stream is being disposed.</summary>
    private bool WaitForRoom()
    {
        lock (_gate)
        {
            while (_filled.Count >= _bufferCount && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            return !_stopping;
        }
    }

    private void ReturnCurrent()
    {
        if (_current.Array is byte[] buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _current = default;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }

            _producer.Join();
            ReturnCurrent();
            foreach (ArraySegment<byte> filled in _filled)
            {
                ArrayPool<byte>.Shared.Return(filled.Array!);
            }

            _filled.Clear();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
