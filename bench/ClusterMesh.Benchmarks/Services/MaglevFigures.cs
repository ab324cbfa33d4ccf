using System.Diagnostics;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Services.LoadBalancing;

namespace ClusterMesh.Benchmarks.Services;

/// <summary>The Maglev table of 100 backends (16,381 slots): full build against incremental remove and add.</summary>
internal static class MaglevFigures
{
    private const int Backends = 100;
    private const int Size = Maglev.DefaultTableSize;

    public static void AddTo(ResultTable results, int runs)
    {
        var keys = Enumerable.Range(0, Backends).Select(i => $"10.{i / 250}.{i % 250}.7:8080").ToArray();
        var repeats = Math.Max(5, runs * 8);

        // Warm-up until the JIT has optimised every path measured below (tier-1 needs ~30 calls).
        for (var warm = 0; warm < 40; warm++)
        {
            var table = MaglevTable.Build(keys, Size);
            table.Remove(keys[warm % Backends]);
            table.Add(keys[warm % Backends]);
        }

        var build = Measure(repeats, () => Maglev.Populate(keys, Size));
        var remove = new List<double>();
        var add = new List<double>();
        var movedOthers = 0.0;
        for (var i = 0; i < repeats; i++)
        {
            var incremental = MaglevTable.Build(keys, Size);
            var victim = keys[(i * 37) % Backends];
            var owners = Owners(incremental);
            var start = Stopwatch.GetTimestamp();
            incremental.Remove(victim);
            remove.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            var after = Owners(incremental);
            movedOthers = Math.Max(movedOthers, owners.Zip(after).Count(p => p.First != victim && p.First != p.Second) / (double)owners.Count(o => o != victim));
            start = Stopwatch.GetTimestamp();
            incremental.Add(victim);
            add.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        var plainMoved = PlainMaglevMoved(keys);
        results.Add($"Maglev table build, {Backends} backends, size {Size:N0} (median of {repeats})", $"{Stats.Median(build):0} µs", "", "");
        results.Add("  incremental: remove one backend", $"{Stats.Median(remove):0} µs", "", "");
        results.Add("  incremental: add one backend", $"{Stats.Median(add):0} µs", "", "");
        results.Add("  other backends' slots moved by a removal: incremental (worst) / full rebuild", $"{movedOthers:P2} / {plainMoved:P2}", "<= 1%", ResultTable.Verdict(movedOthers <= 0.01));
    }

    private static List<double> Measure(int repeats, Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return times;
    }

    private static double PlainMaglevMoved(string[] keys)
    {
        var before = Maglev.Populate(keys, Size);
        var remaining = keys[1..];
        var after = Maglev.Populate(remaining, Size);
        var others = 0;
        var moved = 0;
        for (var slot = 0; slot < Size; slot++)
        {
            if (before[slot] == 0)
            {
                continue;
            }

            others++;
            moved += remaining[after[slot]] == keys[before[slot]] ? 0 : 1;
        }

        return moved / (double)others;
    }

    private static string[] Owners(MaglevTable table) => [.. Enumerable.Range(0, table.Size).Select(s => table.KeyAt(s)!)];
}
