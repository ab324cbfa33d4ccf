using ClusterMesh.Abstractions.Model;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Benchmarks.Pipeline;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Kvstore.Memory.Hosting;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// Managed bytes per mirrored ipcache entry: the live heap after a forced full collection, before and after the
/// pipeline mirrors N ipcache entries (the remote store and the generated data exist before the first
/// measurement, so only the mirror side counts). A second pass with an observer that drops everything splits the
/// figure into the WatchStore's share and the Simulation ipcache's share.
/// </summary>
internal static class MemoryScenario
{
    public const double GoalBytes = 1024;

    /// <summary>Cilium's agent grows about 10.5 KiB per pod in the scale test.</summary>
    public const double CiliumBytesPerPod = 10.5 * 1024;

    public static async Task<bool> RunAsync(BenchArgs args)
    {
        var totals = ScaleTotals.At(args.Scale);
        var n = totals.IpCacheEntries;
        Console.WriteLine($"== memory: {n:N0} ipcache entries");
        var data = RemoteClusterData.Create(totals);
        await using var registry = new MemoryKvStoreRegistry();
        var store = registry.GetOrCreate(RemoteClusterData.ClusterName);
        await RemoteStoreSeeder.SeedAsync(store, data, ipcacheOnly: true);

        // A first pass that is not counted, so one-time allocations (types, statics, JIT data) are not charged to entries.
        await MeasureAsync(registry, data, dropEverything: false);
        var full = await MeasureAsync(registry, data, dropEverything: false) / (double)n;
        var watchOnly = await MeasureAsync(registry, data, dropEverything: true) / (double)n;

        var table = new ResultTable($"memory ({n:N0} ipcache entries mirrored)", "measure", "bytes per entry", "goal", "verdict");
        table.Add("whole mirror (WatchStore state + decoded records + Simulation ipcache)", full, $"<= {GoalBytes:N0}", ResultTable.Verdict(full <= GoalBytes));
        table.Add("  of which WatchStore (key map, decoded IpCacheEntry; the value bytes are the store's, not copied)", watchOnly, "", "");
        table.Add("  of which Simulation ipcache map entry", full - watchOnly, "", "");
        table.Add("ratio to Cilium's ~10.5 KiB per pod", $"{full / CiliumBytesPerPod:0.000}", "", "");
        table.Print();
        return full <= GoalBytes;
    }

    private static WeakReference? _previous;

    private static async Task<long> MeasureAsync(MemoryKvStoreRegistry registry, RemoteClusterData data, bool dropEverything)
    {
        await WaitUntilCollectedAsync(_previous);
        await using var pipeline = new MirrorPipeline(registry, ipcacheOnly: true,
            ipcacheObserver: dropEverything ? _ => new NullObserver<IpCacheEntry>() : null);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await pipeline.StartAndWaitReadyAsync(TimeSpan.FromMinutes(2));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (!dropEverything && PipelineChecks.Verify(pipeline, data, ipcacheOnly: true) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("pipeline incorrect: " + string.Join("; ", problems));
        }

        GC.KeepAlive(pipeline);
        _previous = new WeakReference(pipeline);
        return after - before;
    }

    /// <summary>
    /// A disposed pipeline stays reachable for a few milliseconds while its cancelled watch tasks unwind on the
    /// thread pool; measuring before it is gone would charge (or credit) its entries to the next pass.
    /// </summary>
    private static async Task WaitUntilCollectedAsync(WeakReference? previous)
    {
        for (var attempt = 0; previous is { IsAlive: true }; attempt++)
        {
            if (attempt == 100)
            {
                throw new InvalidOperationException("the previous pipeline is still reachable after 10 s: a leak");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
