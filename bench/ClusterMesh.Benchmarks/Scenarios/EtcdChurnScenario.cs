using System.Diagnostics;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Benchmarks.Etcd;
using ClusterMesh.Benchmarks.Pipeline;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Replication.Datapath;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// Churn through a real etcd: with the agent path synced on a remote cluster's base state, its writer moves pods to
/// other identities. First paced at the scale test's 325 puts/s (latency from the start of the put to the moment a
/// probe behind the datapath observer sees the new identity in the Simulation ipcache), then as fast as etcd takes
/// puts (64 in flight): events applied per second by the agent against events delivered per second by etcd.
/// </summary>
internal static class EtcdChurnScenario
{
    public const double GoalP99Ms = 25;
    public const double GoalKeepUp = 0.95;
    private const int InFlight = 64;
    private const int MaxUnpacedPuts = 100_000;

    public static async Task<bool> RunAsync(BenchArgs args)
    {
        var totals = ScaleTotals.At(args.Scale);
        var data = new EtcdMeshData(0, totals.IpCacheEntries, totals.Nodes, totals.Identities, Math.Max(1, (int)Math.Round(10_000 * args.Scale)));
        Console.WriteLine($"== etcd-churn: base state {totals}, {data.Services:N0} services in one etcd; {args.Rate:N0} puts/s for {args.Seconds:N0} s, then unpaced ({InFlight} in flight)");
        await using var etcd = await EtcdProcess.StartAsync(data.Name);
        using var client = new EtcdClient(etcd.Endpoint);
        await EtcdBulkLoader.LoadAsync(client, data.AllPairs());
        LatencyProbe? probe = null;
        await using var pipeline = new EtcdMirrorPipeline([(data.Name, etcd.Endpoint)], dp => probe = new LatencyProbe(new IpCacheDatapathObserver(dp), dp.IpCache));
        await pipeline.StartAndWaitReadyAsync(TimeSpan.FromMinutes(5));
        if (pipeline.Datapath.IpCache.Count != data.IpCache)
        {
            throw new InvalidOperationException($"pipeline incorrect: {pipeline.Datapath.IpCache.Count:N0} ipcache entries, expected {data.IpCache:N0}");
        }

        var warmUp = Plan(data, (int)args.Rate, generation: 1);
        await RunPacedAsync(client, probe!, warmUp, args.Rate);
        await probe!.WaitForDeliveredAsync(warmUp.Length, TimeSpan.FromSeconds(30));
        probe.Reset();

        var paced = Plan(data, (int)(args.Rate * args.Seconds), generation: 2);
        var pacedSeconds = await RunPacedAsync(client, probe, paced, args.Rate);
        await probe.WaitForDeliveredAsync(paced.Length, TimeSpan.FromSeconds(30));
        var pacedLatencies = probe.LatenciesMs();
        probe.Reset();

        var unpaced = Plan(data, Math.Min(data.IpCache, MaxUnpacedPuts), generation: 3);
        var started = Stopwatch.GetTimestamp();
        await RunUnpacedAsync(client, probe, unpaced);
        var written = Stopwatch.GetTimestamp();
        await probe.WaitForDeliveredAsync(unpaced.Length, TimeSpan.FromSeconds(120));
        var delivered = unpaced.Length / Stopwatch.GetElapsedTime(started, written).TotalSeconds;
        var applied = unpaced.Length / Stopwatch.GetElapsedTime(started, probe.LastDeliveryTimestamp).TotalSeconds;
        var unpacedLatencies = probe.LatenciesMs();

        var p99 = Stats.Percentile(pacedLatencies, 99);
        var keepUp = applied / delivered;
        var table = new ResultTable($"etcd churn (base state {totals})", "measure", "value", "goal", "verdict");
        table.Add($"paced puts ({args.Rate:N0}/s target, {args.Seconds:N0} s)", $"{paced.Length:N0} puts at {paced.Length / pacedSeconds:N0}/s", "", "");
        table.Add("paced put → Simulation ipcache p50", $"{Stats.Percentile(pacedLatencies, 50):0.00} ms", "", "");
        table.Add("paced put → Simulation ipcache p99", $"{p99:0.00} ms", $"<= {GoalP99Ms} ms", ResultTable.Verdict(p99 <= GoalP99Ms));
        table.Add("paced put → Simulation ipcache max", $"{pacedLatencies[^1]:0.00} ms", "", "");
        table.Add($"unpaced ({InFlight} in flight): puts etcd took (events delivered)", $"{delivered:N0}/s ({unpaced.Length:N0} puts)", "", "");
        table.Add("unpaced: events applied to the Simulation ipcache", $"{applied:N0}/s", "", "");
        table.Add("applied / delivered", $"{keepUp:0.000}", $">= {GoalKeepUp}", ResultTable.Verdict(keepUp >= GoalKeepUp));
        table.Add("unpaced put → ipcache p50 / p99 / max (queueing included)",
            $"{Stats.Percentile(unpacedLatencies, 50):0.0} / {Stats.Percentile(unpacedLatencies, 99):0.0} / {unpacedLatencies[^1]:0.0} ms", "", "");
        table.Print();
        return p99 <= GoalP99Ms && keepUp >= GoalKeepUp;
    }

    private static ChurnPut[] Plan(EtcdMeshData data, int count, int generation) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var pair = data.PodPair(i % data.IpCache, generation + (i / data.IpCache), out var entry);
            return new ChurnPut(new PutRequest { Key = ByteString.CopyFromUtf8(pair.Key), Value = ByteString.CopyFrom(pair.Value) }, pair.Key, entry.ID);
        }).ToArray();

    /// <summary>Puts on schedule: put i is due at start + i / rate; a 1 ms timer wakes the writer.</summary>
    private static Task<double> RunPacedAsync(EtcdClient client, LatencyProbe probe, ChurnPut[] plan, double rate) =>
        PacedPuts.RunAsync(plan.Length, rate, async i =>
        {
            var put = plan[i];
            probe.Expect(put.Key, put.Identity);
            await client.PutAsync(put.Request);
        });

    private static async Task RunUnpacedAsync(EtcdClient client, LatencyProbe probe, ChurnPut[] plan)
    {
        var next = -1;
        var writers = Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Length)
            {
                var put = plan[i];
                probe.Expect(put.Key, put.Identity);
                await client.PutAsync(put.Request);
            }
        }));
        await Task.WhenAll(writers);
    }

    private readonly record struct ChurnPut(PutRequest Request, string Key, NumericIdentity Identity);
}
