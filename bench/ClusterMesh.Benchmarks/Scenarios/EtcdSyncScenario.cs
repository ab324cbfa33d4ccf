using System.Diagnostics;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Benchmarks.Etcd;
using ClusterMesh.Benchmarks.Report;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// Initial sync from real etcd: the scale-test totals plus 10,000 services spread over 10 remote clusters, each
/// with its own etcd on loopback. Time from connect to every cluster ready with the Simulation maps filled (the
/// real agent path), as a ratio to bare dotnet-etcd paged range reads of the same prefixes, in the same run and
/// with the same parallelism (every prefix of every cluster at once).
/// </summary>
internal static class EtcdSyncScenario
{
    public const double Goal = 1.5;
    public const int Clusters = 10;
    public const int PageSize = 1000;

    /// <summary>A warm-up round that JIT-compiles fewer methods than this ends the warm-up.</summary>
    private const int SettledJitMethods = 40;

    private const int MaxWarmups = 15;

    public static async Task<bool> RunAsync(BenchArgs args)
    {
        var totals = ScaleTotals.At(args.Scale);
        int services = Math.Max(Clusters, (int)Math.Round(10_000 * args.Scale));
        var data = Enumerable.Range(0, Clusters)
            .Select(k => new EtcdMeshData(k, totals.IpCacheEntries / Clusters, totals.Nodes / Clusters, totals.Identities / Clusters, services / Clusters))
            .ToList();
        Console.WriteLine($"== etcd-sync: {totals}, {services:N0} services over {Clusters} remote clusters (one etcd each); at least {args.Warmup} warm-up rounds + {args.Runs} runs");
        var etcds = new List<EtcdProcess>();
        try
        {
            var setup = Stopwatch.StartNew();
            foreach (var cluster in data)
            {
                etcds.Add(await EtcdProcess.StartAsync(cluster.Name));
            }

            await Task.WhenAll(data.Select(async cluster =>
            {
                using var client = new EtcdClient(etcds[cluster.Index].Endpoint);
                await EtcdBulkLoader.LoadAsync(client, cluster.AllPairs());
            }));
            Console.WriteLine($"   {etcds.Count} etcd servers started and loaded ({data.Sum(d => d.Keys):N0} keys, transactions of 128 puts) in {setup.Elapsed.TotalSeconds:0.0} s");

            // Unmeasured runs of both sides first: code that runs once per cluster or per run is promoted by the tiered
            // JIT only after some thirty calls (three times over with PGO's instrumented tier), and until then its
            // recompilation competes for the two cores. At least --warmup rounds, then until two rounds in a row
            // compile little: after one quiet round, the tiering of a batch of per-run methods can still be pending
            // (the runtime holds promotions back while new methods keep being compiled) and land in the first run.
            for (int warmup = 1, quiet = 0; warmup <= MaxWarmups; warmup++)
            {
                var (bareSeconds, bareUsage) = await CpuAsync(etcds, () => BareAsync(data, etcds));
                var (seconds, usage) = await CpuAsync(etcds, () => PipelineAsync(data, etcds));
                Console.WriteLine($"   warm-up {warmup}: bare {bareSeconds:0.000} s, JIT {bareUsage.Jitted:N0} methods; agent path {seconds:0.000} s, JIT {usage.Jit.TotalMilliseconds:N0} ms ({usage.Jitted:N0} methods)");
                quiet = bareUsage.Jitted + usage.Jitted < SettledJitMethods ? quiet + 1 : 0;
                if (warmup >= args.Warmup && quiet >= 2)
                {
                    break;
                }
            }

            var runs = new List<(double Bare, double Pipeline)>();
            for (var run = 1; run <= args.Runs; run++)
            {
                double bare, pipeline;
                Usage bareCpu, pipelineCpu;
                if (run % 2 == 1)
                {
                    (bare, bareCpu) = await CpuAsync(etcds, () => BareAsync(data, etcds));
                    (pipeline, pipelineCpu) = await CpuAsync(etcds, () => PipelineAsync(data, etcds));
                }
                else
                {
                    (pipeline, pipelineCpu) = await CpuAsync(etcds, () => PipelineAsync(data, etcds));
                    (bare, bareCpu) = await CpuAsync(etcds, () => BareAsync(data, etcds));
                }

                int keys = data.Sum(d => d.Keys);
                Console.WriteLine($"   run {run}: bare: {bareCpu.Describe(keys)}");
                Console.WriteLine($"   run {run}: agent path: {pipelineCpu.Describe(keys)}");

                runs.Add((bare, pipeline));
                var listing = await StoreListingAsync(data, etcds);
                Console.WriteLine($"   run {run}: bare paged reads {bare:0.000} s, agent path {pipeline:0.000} s, ratio {pipeline / bare:0.00}; EtcdKvStore list-then-watch alone {listing:0.000} s");
            }

            double ratio = Stats.Median(runs.Select(r => r.Pipeline / r.Bare));
            var table = new ResultTable($"etcd initial sync ({totals}, {services:N0} services, {Clusters} clusters)", "measure", "median", "goal", "verdict");
            table.Add("bare dotnet-etcd paged range reads (40 prefixes at once, 1,000 keys/page)", $"{Stats.Median(runs.Select(r => r.Bare)):0.000} s", "", "");
            table.Add("connect → all ready, Simulation maps filled (ClusterMeshManager, RemoteCluster, codecs, observers)", $"{Stats.Median(runs.Select(r => r.Pipeline)):0.000} s", "", "");
            table.Add("agent path / bare reads", $"{ratio:0.00}x", $"<= {Goal}x", ResultTable.Verdict(ratio <= Goal));
            table.Print();
            return ratio <= Goal;
        }
        finally
        {
            foreach (var etcd in etcds)
            {
                await etcd.DisposeAsync();
            }
        }
    }

    private static async Task<(double Seconds, Usage Usage)> CpuAsync(IReadOnlyList<EtcdProcess> etcds, Func<Task<double>> measure)
    {
        await JitQuiet.WaitAsync(quietFor: TimeSpan.FromSeconds(1), atMost: TimeSpan.FromSeconds(10));
        var etcdCpu = EtcdCpu(etcds);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var gc = GcWindow.Now();
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var gcThreads = GcThreadCpu.Now();
        var seconds = await measure();
        return (seconds, new Usage(Process.GetCurrentProcess().TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes() - allocated, GcWindow.Now().Since(gc),
            System.Runtime.JitInfo.GetCompilationTime() - jit, System.Runtime.JitInfo.GetCompiledMethodCount() - jitted, EtcdCpu(etcds) - etcdCpu,
            GcThreadCpu.Now() - gcThreads));
    }

    private static TimeSpan EtcdCpu(IReadOnlyList<EtcdProcess> etcds) => etcds.Aggregate(TimeSpan.Zero, (sum, etcd) => sum + etcd.Cpu);

    /// <summary>What one side cost this process (CPU time, bytes allocated, the GC's share, also as its threads' CPU
    /// time, and the JIT's) and the etcd servers (CPU time): on two cores, the two compete.</summary>
    private readonly record struct Usage(TimeSpan Cpu, long Allocated, GcWindow Gc, TimeSpan Jit, long Jitted, TimeSpan EtcdCpu, TimeSpan GcThreads)
    {
        public string Describe(int keys) =>
            $"etcd CPU {EtcdCpu.TotalSeconds:0.00} s; CPU {Cpu.TotalSeconds:0.00} s ({Cpu.TotalMilliseconds * 1000 / keys:0.0} µs per key), allocated {Allocated / keys:N0} B per key, {Gc} (GC threads' CPU {GcThreads.TotalSeconds:0.00} s), JIT {Jit.TotalMilliseconds:N0} ms ({Jitted:N0} methods)";
    }

    /// <summary>Every prefix of every cluster read page by page at a pinned revision, all at once; nothing decoded.</summary>
    private static async Task<double> BareAsync(IReadOnlyList<EtcdMeshData> data, IReadOnlyList<EtcdProcess> etcds)
    {
        ReplicationScenario.Collect();
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(data.SelectMany(cluster => cluster.Prefixes.Select(async p =>
        {
            using var client = new EtcdClient(etcds[cluster.Index].Endpoint);
            int keys = await ReadPrefixAsync(client, p.Prefix);
            return keys == p.Keys ? keys : throw new InvalidOperationException($"{cluster.Name} {p.Prefix}: {keys} keys, expected {p.Keys}");
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return counts.Sum() > 0 ? seconds : throw new InvalidOperationException("nothing read");
    }

    /// <summary>The store layer alone: EtcdKvStore.WatchAsync of every prefix until its sync marker, nothing decoded.</summary>
    private static async Task<double> StoreListingAsync(IReadOnlyList<EtcdMeshData> data, IReadOnlyList<EtcdProcess> etcds)
    {
        ReplicationScenario.Collect();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(data.SelectMany(cluster => cluster.Prefixes.Select(async p =>
        {
            await using var store = new ClusterMesh.Kvstore.Etcd.EtcdKvStore(new ClusterMesh.Kvstore.Etcd.EtcdKvStoreOptions { Endpoints = [etcds[cluster.Index].Endpoint] });
            using var stop = new CancellationTokenSource();
            var keys = 0;
            await foreach (var change in store.WatchAsync(p.Prefix, 0, stop.Token))
            {
                if (change.Kind == ClusterMesh.Abstractions.Kvstore.KvEventKind.Synced)
                {
                    break;
                }

                keys++;
            }

            return keys == p.Keys ? keys : throw new InvalidOperationException($"{cluster.Name} {p.Prefix}: {keys} keys listed, expected {p.Keys}");
        })));
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<int> ReadPrefixAsync(EtcdClient client, string prefix)
    {
        var end = EtcdClient.GetRangeEnd(ByteString.CopyFromUtf8(prefix));
        var start = ByteString.CopyFromUtf8(prefix);
        long revision = 0;
        var keys = 0;
        while (true)
        {
            var page = await client.GetAsync(new RangeRequest { Key = start, RangeEnd = end, Limit = PageSize, Revision = revision });
            revision = page.Header.Revision;
            keys += page.Kvs.Count;
            if (!page.More || page.Kvs.Count == 0)
            {
                return keys;
            }

            start = ByteString.CopyFrom([.. page.Kvs[^1].Key.Span, 0]);
        }
    }

    private static async Task<double> PipelineAsync(IReadOnlyList<EtcdMeshData> data, IReadOnlyList<EtcdProcess> etcds)
    {
        ReplicationScenario.Collect();
        var clock = Stopwatch.StartNew();
        await using var pipeline = new EtcdMirrorPipeline(data.Select(d => (d.Name, etcds[d.Index].Endpoint)));
        await pipeline.StartAndWaitReadyAsync(TimeSpan.FromMinutes(5));
        var seconds = clock.Elapsed.TotalSeconds;
        var problems = new List<string>();
        Expect(problems, "ipcache map entries", pipeline.Datapath.IpCache.Count, data.Sum(d => d.IpCache));
        Expect(problems, "tunnel map entries", pipeline.Datapath.Tunnels.Count, data.Sum(d => d.Nodes));
        Expect(problems, "identity cache entries", pipeline.Identities.Count, data.Sum(d => d.Identities));
        Expect(problems, "service cache entries", pipeline.Services.Count, data.Sum(d => d.Services));
        Expect(problems, "rejected values", pipeline.Manager.GetStatus().Sum(s => s.Rejections.Values.Sum()), 0);
        return problems.Count == 0 ? seconds : throw new InvalidOperationException("pipeline incorrect: " + string.Join("; ", problems));
    }

    private static void Expect(List<string> problems, string what, long actual, long expected)
    {
        if (actual != expected)
        {
            problems.Add($"{what}: {actual:N0}, expected {expected:N0}");
        }
    }
}
