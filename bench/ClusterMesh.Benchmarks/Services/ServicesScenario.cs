using System.Diagnostics;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Services.Merge;

namespace ClusterMesh.Benchmarks.Services;

/// <summary>
/// Issue 5's service figures, side by side in one run: the full merge of 10,000 global services × 10 backends ×
/// 10 clusters, one backend change applied incrementally against that full recomputation (goal ≥ 100×), and the
/// Maglev table of 100 backends (size 16,381): full build against incremental add/remove.
/// </summary>
internal static class ServicesScenario
{
    public const double GoalSpeedup = 100;
    private const int Backends = 10;
    private const int Clusters = 10;
    private const int Changes = 2_000;

    public static Task<bool> RunAsync(BenchArgs args)
    {
        var services = (int)Math.Max(100, Math.Round(10_000 * args.Scale));
        Console.WriteLine($"== services: {services:N0} global services × {Backends} backends × {Clusters} clusters ({services * Backends * Clusters:N0} backends)");
        var data = ServiceMeshData.Create(services, Backends, Clusters);

        // Full merge: every remote export first, then the local services, so each service is merged once with
        // all 100 of its backends — the cost of recomputing the whole merged state from scratch.
        var fullMs = new List<double>();
        var fullCpuMs = new List<double>();
        GlobalServiceMerger merger = null!;
        var downstream = new CountingObserver();
        for (var run = 0; run < Math.Max(1, args.Runs); run++)
        {
            downstream = new CountingObserver();
            merger = null!;
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            merger = new GlobalServiceMerger("c1", downstream);
            foreach (var (key, value) in data.Remote)
            {
                merger.OnUpsert(key, value);
            }

            foreach (var local in data.Local)
            {
                merger.UpsertLocal(local);
            }

            fullMs.Add(watch.Elapsed.TotalMilliseconds);
            fullCpuMs.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }

        Check(downstream.Upserts == services && merger.Snapshot().All(s => s.Backends.Count == Backends * Clusters), "the full merge is incomplete");

        // One backend change: a remote cluster replaces one backend of one service (and puts it back the next time).
        var perChange = new double[Changes];
        var before = downstream.Upserts;
        for (var i = 0; i < Changes; i++)
        {
            var service = (int)((i * 7919L) % services);
            var cluster = 2 + (i % (Clusters - 1));
            var numbers = Enumerable.Range(0, Backends).Select(b => i % 2 == 0 && b == (i / 2) % Backends ? Backends : b).ToList();
            var changed = ServiceMeshData.Export(cluster, service, Backends, numbers);
            var key = KvKeys.Service(changed.Cluster, changed.Namespace, changed.Name);
            var start = Stopwatch.GetTimestamp();
            merger.OnUpsert(key, changed);
            perChange[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Check(downstream.Upserts - before == Changes, "an incremental change did not pass on exactly one service");
        Array.Sort(perChange);
        var fullMedian = Stats.Median(fullMs);
        var changeMedian = Stats.Median(perChange);
        var speedup = fullMedian * 1000 / changeMedian;

        var table = new ResultTable($"services ({services:N0} × {Backends} backends × {Clusters} clusters; full merge median of {fullMs.Count}, change median of {Changes:N0})",
            "measure", "value", "goal", "verdict");
        table.Add("full merge (every service merged from all clusters' exports)", $"{fullMedian:N0} ms", "", "");
        table.Add("  CPU time of the process during it (GC threads included; the machine is shared)", $"{Stats.Median(fullCpuMs):N0} ms", "", "");
        table.Add("  each run", string.Join(", ", fullMs.Select(m => $"{m:N0}")) + " ms", "", "");
        table.Add("  per service", $"{fullMedian * 1000 / services:0.0} µs", "", "");
        table.Add("one backend change applied incrementally (median)", $"{changeMedian:0.0} µs", "", "");
        table.Add("  p99", $"{Stats.Percentile(perChange, 99):0.0} µs", "", "");
        table.Add("full recomputation ÷ incremental change", $"{speedup:N0}×", $">= {GoalSpeedup:N0}×", ResultTable.Verdict(speedup >= GoalSpeedup));
        MaglevFigures.AddTo(table, args.Runs);
        table.Print();
        return Task.FromResult(speedup >= GoalSpeedup);
    }

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
