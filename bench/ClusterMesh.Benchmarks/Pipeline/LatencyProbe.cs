using System.Collections.Concurrent;
using System.Diagnostics;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Benchmarks.Pipeline;

/// <summary>
/// Chained behind the datapath observer: after the datapath observer has programmed an entry, checks that the
/// Simulation ipcache now answers the expected identity and records the time since the matching put started.
/// </summary>
internal sealed class LatencyProbe(IStoreObserver<IpCacheEntry> inner, IIpCacheMap map) : IStoreObserver<IpCacheEntry>
{
    private readonly ConcurrentDictionary<string, Expected> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<long> _latencies = [];
    private long _delivered;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long LastDeliveryTimestamp { get; private set; }

    /// <summary>Call right before the put of <paramref name="key"/>: starts its clock.</summary>
    public void Expect(string key, NumericIdentity identity) => _pending[key] = new Expected(identity, Stopwatch.GetTimestamp());

    /// <summary>Forgets previous measurements; <see cref="WaitForDeliveredAsync"/> counts from here.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _latencies.Clear();
            Interlocked.Exchange(ref _delivered, 0);
            _target = long.MaxValue;
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes once <paramref name="count"/> expected values have reached the Simulation ipcache.</summary>
    public Task WaitForDeliveredAsync(long count, TimeSpan timeout)
    {
        lock (_lock)
        {
            _target = count;
            if (Delivered >= count)
            {
                _reached.TrySetResult();
            }

            return _reached.Task.WaitAsync(timeout);
        }
    }

    /// <summary>The latencies recorded since the last <see cref="Reset"/>, in milliseconds, ascending.</summary>
    public double[] LatenciesMs()
    {
        lock (_lock)
        {
            return _latencies.Select(t => Stopwatch.GetElapsedTime(0, t).TotalMilliseconds).Order().ToArray();
        }
    }

    public void OnUpsert(string key, IpCacheEntry value)
    {
        inner.OnUpsert(key, value);
        if (!_pending.TryGetValue(key, out var expected) || expected.Identity != value.ID)
        {
            return;
        }

        if (!map.TryLookup(value.IP, out _, out var programmed) || programmed.Identity != value.ID)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (!_pending.TryRemove(KeyValuePair.Create(key, expected)))
        {
            return;
        }

        lock (_lock)
        {
            _latencies.Add(now - expected.Started);
            LastDeliveryTimestamp = now;
            if (Interlocked.Increment(ref _delivered) >= _target)
            {
                _reached.TrySetResult();
            }
        }
    }

    public void OnDelete(string key, IpCacheEntry lastValue) => inner.OnDelete(key, lastValue);

    public void OnSynced() => inner.OnSynced();

    private readonly record struct Expected(NumericIdentity Identity, long Started);
}
