using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Testing.Kvstore;

/// <summary>
/// Drains one watch into a buffer in the background so a test can await the next events with a timeout (the
/// timeout only bounds a failing test; passing tests wait for the events themselves).
/// </summary>
public sealed class WatchRecorder : IAsyncDisposable
{
    private readonly Channel<KvEvent> _events = Channel.CreateUnbounded<KvEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _timeout;
    private readonly Task _pump;

    private WatchRecorder(IKvStore store, string prefix, long fromRevision, TimeSpan timeout)
    {
        _timeout = timeout;
        _pump = Task.Run(() => PumpAsync(store, prefix, fromRevision));
    }

    /// <summary>Starts watching <paramref name="prefix"/> from <paramref name="fromRevision"/>.</summary>
    public static WatchRecorder Start(IKvStore store, string prefix, long fromRevision, TimeSpan timeout)
        => new(store, prefix, fromRevision, timeout);

    /// <summary>The next event; rethrows the error the watch ended with.</summary>
    public async Task<KvEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No watch event within {_timeout}.");
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(closed.InnerException);
            throw;
        }
    }

    /// <summary>The next <paramref name="count"/> events.</summary>
    public async Task<List<KvEvent>> TakeAsync(int count)
    {
        var events = new List<KvEvent>(count);
        while (events.Count < count)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    /// <summary>Every event up to and including the next <see cref="KvEventKind.Synced"/> marker.</summary>
    public async Task<List<KvEvent>> TakeThroughSyncedAsync()
    {
        var events = new List<KvEvent>();
        do
        {
            events.Add(await NextAsync());
        }
        while (events[^1].Kind != KvEventKind.Synced);
        return events;
    }

    /// <summary>Events until one matches <paramref name="last"/>, that one included.</summary>
    public async Task<List<KvEvent>> TakeUntilAsync(Func<KvEvent, bool> last)
    {
        var events = new List<KvEvent>();
        do
        {
            events.Add(await NextAsync());
        }
        while (!last(events[^1]));
        return events;
    }

    /// <summary>The error the watch ends with (skipping any events still buffered); fails if it ends cleanly.</summary>
    public async Task<Exception> EndAsync()
    {
        while (true)
        {
            try
            {
                await NextAsync();
            }
            catch (TimeoutException)
            {
                throw;
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException("The watch ended without an error.");
            }
            catch (Exception error)
            {
                return error;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }

    private async Task PumpAsync(IKvStore store, string prefix, long fromRevision)
    {
        try
        {
            await foreach (var item in store.WatchAsync(prefix, fromRevision, _stop.Token))
            {
                await _events.Writer.WriteAsync(item);
            }

            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception error)
        {
            _events.Writer.TryComplete(error);
        }
    }
}
