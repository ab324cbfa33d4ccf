using System.Diagnostics;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Benchmarks.Pipeline;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Datapath;
using ClusterMesh.Replication.Watch;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// Where the time of an ipcache sync goes: each stage of the pipeline added one at a time over the same store,
/// interleaved, median of the runs. Not a goal check: the analysis behind the replication figures.
/// </summary>
internal static class BreakdownScenario
{
    private static readonly string Prefix = $"{KvKeys.IpCachePrefix}/{KvKeys.IpCacheNamespace}/";

    public static async Task RunAsync(BenchArgs args)
    {
        var totals = ScaleTotals.At(args.Scale);
        var n = totals.IpCacheEntries;
        Console.WriteLine($"== breakdown: {n:N0} ipcache entries, {args.Runs} runs");
        var data = RemoteClusterData.Create(totals);
        await using var registry = new MemoryKvStoreRegistry();
        var store = registry.GetOrCreate(RemoteClusterData.ClusterName);
        await RemoteStoreSeeder.SeedAsync(store, data, ipcacheOnly: true);
        var values = (await StoredValues.ReadAsync(store)).IpCache;
        var codec = data.Codecs.IpCache;

        // Each stage gets the running stopwatch; a stage that must prepare something restarts it when ready.
        var stages = new (string Name, Func<Stopwatch, Task<int>> Run)[]
        {
            ("bare JSON of the values (baseline)", _ => Task.FromResult(values.Count(p => BareDecoder.DecodeIpCache(p.Value) is not null))),
            ("codec Decode(key, value) of the values", _ => Task.FromResult(values.Count(p => codec.Decode(p.Key, p.Value) is not null))),
            ("IpCacheDatapathObserver.OnUpsert of decoded records → Simulation", watch => Task.FromResult(ObserveAll(values, watch))),
            ("memory store: list via WatchAsync until the synced marker", _ => ListAsync(registry, null)),
            ("memory store list + codec decode", _ => ListAsync(registry, data)),
            ("WatchStore + observer that drops everything", _ => WatchStoreAsync(registry, data, _ => new NullObserver<IpCacheEntry>())),
            ("WatchStore + IpCacheDatapathObserver → Simulation", _ => WatchStoreAsync(registry, data, dp => new IpCacheDatapathObserver(dp))),
            ("ClusterMeshManager → RemoteCluster (ipcache kind only)", _ => ManagerAsync(registry, data)),
        };
        var seconds = stages.Select(_ => new List<double>()).ToArray();
        for (var run = 0; run <= args.Runs; run++)
        {
            for (var i = 0; i < stages.Length; i++)
            {
                ReplicationScenario.Collect();
                var watch = Stopwatch.StartNew();
                var count = await stages[i].Run(watch);
                var elapsed = watch.Elapsed.TotalSeconds;
                if (count != n)
                {
                    throw new InvalidOperationException($"{stages[i].Name}: {count} of {n}");
                }

                if (run > 0)
                {
                    seconds[i].Add(elapsed); // run 0 warms up
                }
            }
        }

        var table = new ResultTable($"breakdown of an ipcache sync ({n:N0} entries; median of {args.Runs})", "stage", "µs per entry", "entries/s", "vs bare JSON");
        var baseline = Stats.Median(seconds[0]);
        for (var i = 0; i < stages.Length; i++)
        {
            var median = Stats.Median(seconds[i]);
            table.Add(stages[i].Name, median / n * 1e6, n / median, $"{baseline / median:0.00}");
        }

        table.Print();
    }

    private static int ObserveAll(KvPair[] values, Stopwatch watch)
    {
        var decoded = values.Select(p => (p.Key, Value: BareDecoder.DecodeIpCache(p.Value)!)).ToArray();
        var datapath = new SimulatedDatapath(new SimulatedNodeOptions { NodeName = "n", NodeAddress = System.Net.IPAddress.Parse("192.168.0.1") });
        var observer = new IpCacheDatapathObserver(datapath);
        watch.Restart();
        foreach (var (key, value) in decoded)
        {
            observer.OnUpsert(key, value);
        }

        return datapath.IpCache.Count;
    }

    private static async Task<int> ListAsync(MemoryKvStoreRegistry registry, RemoteClusterData? decodeWith)
    {
        await using var store = registry.Connect($"memory://{RemoteClusterData.ClusterName}", readOnly: true);
        var count = 0;
        await foreach (var change in store.WatchAsync(Prefix))
        {
            if (change.Kind == KvEventKind.Synced)
            {
                break;
            }

            count += decodeWith is null || decodeWith.Codecs.IpCache.Decode(change.Key, change.Value.Span) is not null ? 1 : 0;
        }

        return count;
    }

    private static async Task<int> WatchStoreAsync(MemoryKvStoreRegistry registry, RemoteClusterData data, Func<SimulatedDatapath, IStoreObserver<IpCacheEntry>> observerFor)
    {
        await using var store = registry.Connect($"memory://{RemoteClusterData.ClusterName}", readOnly: true);
        var datapath = new SimulatedDatapath(new SimulatedNodeOptions { NodeName = "n", NodeAddress = System.Net.IPAddress.Parse("192.168.0.1") });
        var synced = new SyncedSignal(observerFor(datapath));
        var watchStore = new WatchStore<IpCacheEntry>(Prefix, data.Codecs.IpCache, synced);
        using var stop = new CancellationTokenSource();
        var watching = watchStore.WatchAsync(store, stop.Token);
        await synced.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();
        await watching;
        return watchStore.Count;
    }

    private static async Task<int> ManagerAsync(MemoryKvStoreRegistry registry, RemoteClusterData data)
    {
        await using var pipeline = new MirrorPipeline(registry, ipcacheOnly: true);
        await pipeline.StartAndWaitReadyAsync(TimeSpan.FromMinutes(2));
        return PipelineChecks.Verify(pipeline, data, ipcacheOnly: true).Count == 0 ? pipeline.Datapath.IpCache.Count : -1;
    }

    private sealed class SyncedSignal(IStoreObserver<IpCacheEntry> inner) : IStoreObserver<IpCacheEntry>
    {
        private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _synced.Task;

        public void OnUpsert(string key, IpCacheEntry value) => inner.OnUpsert(key, value);

        public void OnDelete(string key, IpCacheEntry lastValue) => inner.OnDelete(key, lastValue);

        public void OnSynced()
        {
            inner.OnSynced();
            _synced.TrySetResult();
        }
    }
}
