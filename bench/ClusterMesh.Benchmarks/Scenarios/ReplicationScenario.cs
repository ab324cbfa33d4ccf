using System.Diagnostics;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Benchmarks.Pipeline;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Kvstore.Memory.Hosting;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// Time from start to all synced for the real pipeline (remote memory kvstore → RemoteCluster → WatchStores →
/// codecs → datapath observers → Simulation maps), side by side in one run with bare source-generated JSON
/// deserialization of the same value bytes, and with the codecs alone (key parsing + JSON + validation).
/// </summary>
internal static class ReplicationScenario
{
    public const double Goal = 0.5;

    public static async Task<bool> RunAsync(BenchArgs args)
    {
        var totals = ScaleTotals.At(args.Scale);
        Console.WriteLine($"== replication: {totals} ({totals.Events:N0} events), {args.Runs} runs");
        var setup = Stopwatch.StartNew();
        var data = RemoteClusterData.Create(totals);
        await using var registry = new MemoryKvStoreRegistry();
        var store = registry.GetOrCreate(RemoteClusterData.ClusterName);
        await RemoteStoreSeeder.SeedAsync(store, data);
        var values = await StoredValues.ReadAsync(store);
        Console.WriteLine($"   generated, encoded and stored in {setup.Elapsed.TotalSeconds:0.0} s; average ipcache value {values.IpCache.Average(p => p.Value.Length):0} bytes");

        await WarmUpAsync();
        var runs = new List<(double Baseline, double Codec, double Pipeline)>();
        var gcShares = new List<double>();
        for (var run = 1; run <= args.Runs; run++)
        {
            // Odd runs measure the baseline first, even runs last, so neither side always runs on a fresher heap.
            double baseline = 0, codec = 0;
            if (run % 2 == 1)
            {
                baseline = totals.Events / Measure(() => BareDecoder.DecodeAll(values), totals.Events, "bare decode");
                codec = totals.Events / Measure(() => CodecDecodeAll(data.Codecs, values), totals.Events, "codec decode");
            }

            var gcBefore = GcWindow.Now();
            var pipelineSeconds = await MeasurePipelineAsync(registry, data);
            var gc = GcWindow.Now().Since(gcBefore);
            gcShares.Add(gc.Pause.TotalSeconds / pipelineSeconds);
            var pipeline = totals.Events / pipelineSeconds;
            if (run % 2 == 0)
            {
                codec = totals.Events / Measure(() => CodecDecodeAll(data.Codecs, values), totals.Events, "codec decode");
                baseline = totals.Events / Measure(() => BareDecoder.DecodeAll(values), totals.Events, "bare decode");
            }

            runs.Add((baseline, codec, pipeline));
            Console.WriteLine($"   run {run}: bare JSON {baseline:N0} ev/s, codecs {codec:N0} ev/s, pipeline {pipeline:N0} ev/s, ratio {pipeline / baseline:0.00}; pipeline {gc}");
        }

        var ratio = Stats.Median(runs.Select(r => r.Pipeline / r.Baseline));
        var table = new ResultTable($"replication ({totals}; median of {args.Runs})", "measure", "value", "goal", "verdict");
        table.Add("bare source-generated JSON (baseline)", $"{Stats.Median(runs.Select(r => r.Baseline)):N0} events/s", "", "");
        table.Add("codecs alone (key parse + JSON + validation)", $"{Stats.Median(runs.Select(r => r.Codec)):N0} events/s", "", "");
        table.Add("pipeline, start → all synced", $"{Stats.Median(runs.Select(r => r.Pipeline)):N0} events/s", "", "");
        table.Add("pipeline time to sync", $"{totals.Events / Stats.Median(runs.Select(r => r.Pipeline)):0.00} s", "", "");
        table.Add("GC pause share of the pipeline's sync time", $"{Stats.Median(gcShares):P0}", "", "");
        table.Add("ratio pipeline / baseline", $"{ratio:0.00}", $">= {Goal}", ResultTable.Verdict(ratio >= Goal));
        table.Add("per-run ratios", string.Join(", ", runs.Select(r => (r.Pipeline / r.Baseline).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))), "", "");
        table.Print();
        return ratio >= Goal;
    }

    /// <summary>
    /// Runs every measured path on a 5 % copy a few times with short pauses, so tiered compilation has promoted
    /// the hot methods (and their loops) before anything is measured: both sides are measured fully optimized.
    /// </summary>
    private static async Task WarmUpAsync()
    {
        var data = RemoteClusterData.Create(ScaleTotals.At(0.05));
        await using var registry = new MemoryKvStoreRegistry();
        var store = registry.GetOrCreate(RemoteClusterData.ClusterName);
        await RemoteStoreSeeder.SeedAsync(store, data);
        var values = await StoredValues.ReadAsync(store);
        for (var round = 0; round < 3; round++)
        {
            BareDecoder.DecodeAll(values);
            CodecDecodeAll(data.Codecs, values);
            await MeasurePipelineAsync(registry, data);
            await Task.Delay(TimeSpan.FromMilliseconds(300)); // lets the background tier-1 compiler catch up
        }
    }

    private static int CodecDecodeAll(WireCodecs codecs, StoredValues data)
    {
        var decoded = 0;
        foreach (var (key, value) in data.Identities)
        {
            decoded += codecs.Identities.Decode(key, value).Labels.Count > 0 ? 1 : 0;
        }

        foreach (var (key, value) in data.Nodes)
        {
            decoded += codecs.Nodes.Decode(key, value) is not null ? 1 : 0;
        }

        foreach (var (key, value) in data.IpCache)
        {
            decoded += codecs.IpCache.Decode(key, value) is not null ? 1 : 0;
        }

        return decoded;
    }

    private static double Measure(Func<int> decodeAll, int expected, string what)
    {
        Collect();
        var watch = Stopwatch.StartNew();
        var decoded = decodeAll();
        var seconds = watch.Elapsed.TotalSeconds;
        return decoded == expected ? seconds : throw new InvalidOperationException($"{what} decoded {decoded} of {expected}");
    }

    private static async Task<double> MeasurePipelineAsync(MemoryKvStoreRegistry registry, RemoteClusterData data)
    {
        await using var pipeline = new MirrorPipeline(registry);
        Collect();
        var watch = Stopwatch.StartNew();
        await pipeline.StartAndWaitReadyAsync(TimeSpan.FromMinutes(2));
        var seconds = watch.Elapsed.TotalSeconds;
        var problems = PipelineChecks.Verify(pipeline, data);
        return problems.Count == 0 ? seconds : throw new InvalidOperationException("pipeline incorrect: " + string.Join("; ", problems));
    }

    internal static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
