using System.Diagnostics;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Benchmarks.Pipeline;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Datapath;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// With the pipeline synced on the full base state, the remote cluster's writer changes ipcache entries (pods
/// moving to another identity): first paced at the scale test's churn (325 puts/s, scheduled by timestamps on a
/// 1 ms <see cref="PeriodicTimer"/>), then unpaced with several writers. Each put's latency runs from the start of
/// PutAsync to the moment a probe chained behind the datapath observer sees the new identity in the Simulation
/// ipcache.
/// </summary>
internal static class LatencyScenario
{
    public const double GoalP99Ms = 10;
    private const int MaxUnpacedPuts = 250_000;

    public static async Task<bool> RunAsync(BenchArgs args)
    {
        var totals = ScaleTotals.At(args.Scale);
        Console.WriteLine($"== latency: base state {totals}; {args.Rate:N0} puts/s for {args.Seconds:N0} s, then unpaced with {args.Writers} writers");
        var data = RemoteClusterData.Create(totals);
        await using var registry = new MemoryKvStoreRegistry();
        var store = registry.GetOrCreate(RemoteClusterData.ClusterName);
        await RemoteStoreSeeder.SeedAsync(store, data);
        LatencyProbe? probe = null;
        await using var pipeline = new MirrorPipeline(registry, ipcacheObserver: dp => probe = new LatencyProbe(new IpCacheDatapathObserver(dp), dp.IpCache));
        await pipeline.StartAndWaitReadyAsync(TimeSpan.FromMinutes(2));
        if (PipelineChecks.Verify(pipeline, data) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("pipeline incorrect: " + string.Join("; ", problems));
        }

        var pods = totals.IpCacheEntries;
        var warmUp = Plan(data, 0, (int)args.Rate, generation: 1);
        await RunPacedAsync(store, probe!, warmUp, args.Rate);
        await probe!.WaitForDeliveredAsync(warmUp.Length, TimeSpan.FromSeconds(30));
        probe.Reset();

        var paced = Plan(data, 0, (int)(args.Rate * args.Seconds), generation: 2 + (warmUp.Length / pods));
        var pacedSeconds = await RunPacedAsync(store, probe, paced, args.Rate);
        await probe.WaitForDeliveredAsync(paced.Length, TimeSpan.FromSeconds(30));
        var pacedLatencies = probe.LatenciesMs();
        probe.Reset();

        var unpaced = Plan(data, 0, Math.Min(pods, MaxUnpacedPuts), generation: 3 + (warmUp.Length / pods) + (paced.Length / pods));
        var started = Stopwatch.GetTimestamp();
        await RunUnpacedAsync(store, probe, unpaced, args.Writers);
        var written = Stopwatch.GetTimestamp();
        var deliveredWhileWriting = probe.Delivered;
        await probe.WaitForDeliveredAsync(unpaced.Length, TimeSpan.FromSeconds(90));
        var applied = unpaced.Length / Stopwatch.GetElapsedTime(started, written).TotalSeconds;
        var delivered = unpaced.Length / Stopwatch.GetElapsedTime(started, probe.LastDeliveryTimestamp).TotalSeconds;
        var unpacedLatencies = probe.LatenciesMs();

        var p99 = Stats.Percentile(pacedLatencies, 99);
        var table = new ResultTable($"latency (base state {totals})", "measure", "value", "goal", "verdict");
        table.Add($"paced puts ({args.Rate:N0}/s target, {args.Seconds:N0} s)", $"{paced.Length:N0} puts at {paced.Length / pacedSeconds:N0}/s", "", "");
        table.Add("paced put → Simulation ipcache p50", $"{Stats.Percentile(pacedLatencies, 50):0.000} ms", "", "");
        table.Add("paced put → Simulation ipcache p99", $"{p99:0.000} ms", $"<= {GoalP99Ms} ms", ResultTable.Verdict(p99 <= GoalP99Ms));
        table.Add("paced put → Simulation ipcache max", $"{pacedLatencies[^1]:0.000} ms", "", "");
        table.Add($"unpaced, {args.Writers} writers: applied by the store", $"{applied:N0} events/s ({unpaced.Length:N0} puts)", "", "");
        table.Add($"unpaced, {args.Writers} writers: delivered to Simulation ipcache", $"{delivered:N0} events/s", "", "");
        table.Add("unpaced: delivered while the writers ran", $"{deliveredWhileWriting:N0} of {unpaced.Length:N0}", "", "");
        table.Add("unpaced put → ipcache p50 / p99 / max (queueing included)",
            $"{Stats.Percentile(unpacedLatencies, 50):0.0} / {Stats.Percentile(unpacedLatencies, 99):0.0} / {unpacedLatencies[^1]:0.0} ms", "", "");
        table.Print();
        return p99 <= GoalP99Ms;
    }

    private static ChurnPut[] Plan(RemoteClusterData data, int first, int count, int generation)
    {
        var pods = data.Totals.IpCacheEntries;
        var plan = new ChurnPut[count];
        for (var i = 0; i < count; i++)
        {
            var index = (first + i) % pods;
            var pair = data.ChangedPod(index, generation + ((first + i) / pods), out var changed);
            plan[i] = new ChurnPut(pair.Key, pair.Value, changed.ID);
        }

        return plan;
    }

    /// <summary>Puts on schedule: put i is due at start + i / rate; a 1 ms timer wakes the writer.</summary>
    private static Task<double> RunPacedAsync(MemoryKvStore store, LatencyProbe probe, ChurnPut[] plan, double rate) =>
        PacedPuts.RunAsync(plan.Length, rate, async i =>
        {
            var put = plan[i];
            probe.Expect(put.Key, put.Identity);
            await store.PutAsync(put.Key, put.Value);
        });

    private static async Task RunUnpacedAsync(MemoryKvStore store, LatencyProbe probe, ChurnPut[] plan, int writers)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await go.Task;
            for (var i = w; i < plan.Length; i += writers)
            {
                var put = plan[i];
                probe.Expect(put.Key, put.Identity);
                await store.PutAsync(put.Key, put.Value);
            }
        })).ToList();
        go.SetResult();
        await Task.WhenAll(tasks);
    }

    private readonly record struct ChurnPut(string Key, byte[] Value, NumericIdentity Identity);
}
