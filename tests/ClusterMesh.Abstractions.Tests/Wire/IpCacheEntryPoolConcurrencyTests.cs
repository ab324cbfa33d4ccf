using System.Text;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// The ipcache pools under several decoding threads (a codec is shared by every watcher of its source): every
/// entry decodes as unpooled, the bounds hold, and with room every thread gets the one shared instance per text.
/// </summary>
public sealed class IpCacheEntryPoolConcurrencyTests
{
    private const int Threads = 4;

    // 12 hosts × 5 named-port sets, in a different order per thread so threads race to add the same keys.
    private static readonly byte[][] Documents = [.. Enumerable.Range(0, 240).Select(i => Encoding.UTF8.GetBytes(
        $"{{\"IP\":\"10.1.{i / 250}.{i % 250}\",\"HostIP\":\"172.18.0.{i % 12}\",\"NamedPorts\":[{{\"Name\":\"p{i % 5}\",\"Port\":{i % 5}}}]}}"))];

    [Fact]
    public void Roomy_pools_give_every_thread_the_same_instance_per_text()
    {
        var pools = IpCacheEntryPools.Create();
        var decoded = DecodeConcurrently(pools);

        Assert.Equal(12, decoded.SelectMany(e => e).Select(e => e.HostIP).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(5, decoded.SelectMany(e => e).Select(e => e.NamedPorts).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(12, pools.HostAddresses!.Count);
        Assert.Equal(5, pools.NamedPorts!.Count);
    }

    [Fact]
    public void Tiny_pools_stay_within_their_bounds_under_contention()
    {
        var pools = new IpCacheEntryPools(new Utf8StringPool(capacity: 2), new Utf8AddressPool(capacity: 3), new NamedPortListPool(capacity: 2));
        DecodeConcurrently(pools);

        Assert.Equal(3, pools.HostAddresses!.Count);
        Assert.Equal(2, pools.NamedPorts!.Count);
    }

    [Fact]
    public void Keyed_pool_holds_exactly_its_capacity_when_threads_add_more()
    {
        var pool = new Utf8KeyedPool<string>(capacity: 10, maxKeyLength: 8);
        var kept = OnThreads(t => Enumerable.Range(0, 500).Select(i => $"{(i + t) % 500}")
            .Select(text => (Text: text, Kept: pool.Add(Encoding.UTF8.GetBytes(text), text))).ToArray());

        Assert.Equal(10, pool.Count);
        Assert.All(kept.SelectMany(k => k), k => Assert.Equal(k.Text, k.Kept));
    }

    /// <summary>Decodes every document on each thread and checks each against the unpooled reader.</summary>
    private static IpCacheEntry[][] DecodeConcurrently(IpCacheEntryPools pools)
    {
        var decoded = OnThreads(t => Documents.Select((_, i) => Documents[(i + (t * 61)) % Documents.Length])
            .Select(utf8 => (Utf8: utf8, Entry: IpCacheEntryJsonReader.Read(utf8, pools)!)).ToArray());

        var unpooled = new IpCacheEntryPools(new Utf8StringPool(), HostAddresses: null, NamedPorts: null);
        foreach (var (utf8, entry) in decoded.SelectMany(d => d))
        {
            Assert.Null(Structural.Diff(IpCacheEntryJsonReader.Read(utf8, unpooled), entry));
        }

        return [.. decoded.Select(d => d.Select(x => x.Entry).ToArray())];
    }

    /// <summary>Runs <paramref name="work"/> on <see cref="Threads"/> dedicated threads released together (pool
    /// threads could not all be waiting at the barrier on a two-core machine without injection delays).</summary>
    private static T[] OnThreads<T>(Func<int, T> work)
    {
        using var start = new Barrier(Threads);
        var results = new T[Threads];
        var failures = new Exception?[Threads];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                results[t] = work(t);
            }
            catch (Exception e)
            {
                // Rethrown on the test's thread: an exception escaping a thread would end the test process.
                failures[t] = e;
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return failures.OfType<Exception>().Any() ? throw new AggregateException(failures.OfType<Exception>()) : results;
    }
}
