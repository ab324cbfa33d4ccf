using System.Diagnostics;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Policy;
using ClusterMesh.Benchmarks.Report;
using ClusterMesh.Policy.Engine;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// The policy engine at the scale (10,000 identities from 10 clusters, 1,000 local endpoints, 500 policies):
/// a full computation; incremental identity adds and policy adds/removes, each against the naive full
/// recomputation measured in the same run; and verdict lookups from the computed maps on one thread. Times are the
/// calling thread's CPU time (the machine is shared, so wall clock mostly measures the other processes), with the
/// wall clock beside them.
/// </summary>
internal static class PolicyScenario
{
    public const double GoalIdentityAddMs = 1;
    public const double GoalPolicyChangeMs = 50;
    public const double GoalSpeedup = 100;
    public const double GoalLookupsPerSecond = 10_000_000;

    public static bool Run(BenchArgs args)
    {
        var identities = (int)(10_000 * args.Scale);
        var endpoints = Math.Max(10, (int)(1_000 * args.Scale));
        var policies = Math.Max(10, (int)(500 * args.Scale));
        Console.WriteLine($"== policy: {identities:N0} identities from {PolicyWorkload.Clusters} clusters, {endpoints:N0} local endpoints, {policies} policies");
        var workload = new PolicyWorkload(identities, endpoints, policies);

        Build(workload); // warm-up (JIT), not counted
        var fullRuns = new List<double>();
        var fullCpuRuns = new List<double>();
        PolicyEngine engine = null!;
        for (var run = 0; run < Math.Max(3, args.Runs); run++)
        {
            var cpu = ThreadCpu.Now();
            var watch = Stopwatch.StartNew();
            engine = Build(workload);
            fullRuns.Add(watch.Elapsed.TotalMilliseconds);
            fullCpuRuns.Add((ThreadCpu.Now() - cpu).TotalMilliseconds);
        }

        var fullMs = Stats.Median(fullRuns);
        var fullCpuMs = Stats.Median(fullCpuRuns);
        var entries = engine.EndpointPolicies.Sum(p => (long)p.Count);

        var (identityAdds, identityAddsCpu) = Measure(300, n =>
        {
            var (id, labels) = workload.NewIdentity(n);
            engine.UpsertIdentity(id, labels);
        });
        var (policyChanges, policyChangesCpu) = Measure(40, n =>
        {
            var key = $"bench-{n / 2}";
            if (n % 2 == 0)
            {
                engine.UpsertPolicy(PolicyWorkload.Local, key, workload.Policy(policies + (n / 2)));
            }
            else
            {
                engine.RemovePolicy(PolicyWorkload.Local, key);
            }
        });

        var check = Check(engine, workload);
        var lookups = LookupsPerSecond(engine, workload);

        var identityP50 = Stats.Percentile(identityAddsCpu, 50);
        var policyP50 = Stats.Percentile(policyChangesCpu, 50);
        var policyMax = policyChangesCpu[^1];
        Console.WriteLine($"   load average {LoadAverage()} on {Environment.ProcessorCount} cores");
        var table = new ResultTable($"policy ({identities:N0} identities, {endpoints:N0} endpoints, {policies} policies; {entries:N0} map entries, {engine.SelectorCount:N0} selectors)",
            "measure", "thread CPU time", "wall clock", "naive full recomputation (CPU)", "speedup (CPU)", "goal", "verdict (CPU)");
        table.Add("full computation (identities + policies + endpoint maps)", $"{fullCpuMs:0.0} ms", $"{fullMs:0.0} ms", "", "", "", "");
        table.Add("identity add, p50 (p99)", $"{identityP50:0.000} ms ({Stats.Percentile(identityAddsCpu, 99):0.000} ms)",
            $"{Stats.Percentile(identityAdds, 50):0.000} ms ({Stats.Percentile(identityAdds, 99):0.000} ms)", $"{fullCpuMs:0.0} ms", $"{fullCpuMs / identityP50:N0}x",
            $"<= {GoalIdentityAddMs} ms, >= {GoalSpeedup}x", ResultTable.Verdict(identityP50 <= GoalIdentityAddMs && fullCpuMs / identityP50 >= GoalSpeedup));
        table.Add("policy add or remove, p50 (max)", $"{policyP50:0.00} ms ({policyMax:0.00} ms)",
            $"{Stats.Percentile(policyChanges, 50):0.00} ms ({policyChanges[^1]:0.00} ms)", $"{fullCpuMs:0.0} ms", $"{fullCpuMs / policyP50:N0}x",
            $"<= {GoalPolicyChangeMs} ms, >= {GoalSpeedup}x", ResultTable.Verdict(policyMax <= GoalPolicyChangeMs && fullCpuMs / policyP50 >= GoalSpeedup));
        table.Add("verdict lookups from the maps, one thread", $"{lookups.PerCpuSecond / 1e6:0.0} M/s", $"{lookups.Wall / 1e6:0.0} M/s", "", "",
            $">= {GoalLookupsPerSecond / 1e6:0} M/s", ResultTable.Verdict(lookups.PerCpuSecond >= GoalLookupsPerSecond));
        table.Add("incremental maps equal a fresh computation (sampled endpoints)", check ?? "yes", "", "", "", "", check is null ? "met" : "MISSED");
        table.Print();
        return check is null && identityP50 <= GoalIdentityAddMs && policyMax <= GoalPolicyChangeMs && lookups.PerCpuSecond >= GoalLookupsPerSecond
            && fullCpuMs / identityP50 >= GoalSpeedup && fullCpuMs / policyP50 >= GoalSpeedup;
    }

    private static PolicyEngine Build(PolicyWorkload workload)
    {
        var engine = new PolicyEngine();
        foreach (var (id, labels) in workload.Identities)
        {
            engine.UpsertIdentity(id, labels);
        }

        foreach (var (key, policies) in workload.Policies)
        {
            engine.UpsertPolicy(PolicyWorkload.Local, key, policies);
        }

        foreach (var endpoint in workload.Endpoints)
        {
            engine.UpsertEndpoint(endpoint);
        }

        return engine;
    }

    /// <summary>Wall-clock and thread-CPU milliseconds of each of <paramref name="count"/> calls, each ascending.</summary>
    private static (double[] Wall, double[] Cpu) Measure(int count, Action<int> action)
    {
        var wall = new double[count];
        var cpu = new double[count];
        for (var n = 0; n < count; n++)
        {
            var cpuStart = ThreadCpu.Now();
            var start = Stopwatch.GetTimestamp();
            action(n);
            wall[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[n] = (ThreadCpu.Now() - cpuStart).TotalMilliseconds;
        }

        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall, cpu);
    }

    /// <summary>Rebuilds from scratch with the same final state and compares a sample of endpoint maps.</summary>
    private static string? Check(PolicyEngine engine, PolicyWorkload workload)
    {
        var fresh = Build(workload);
        for (var n = 0; n < 300; n++)
        {
            var (id, labels) = workload.NewIdentity(n);
            fresh.UpsertIdentity(id, labels);
        }

        foreach (var endpoint in workload.Endpoints.Where((_, i) => i % 50 == 0))
        {
            var a = engine.GetEndpointPolicy(endpoint.Name)!.Dump();
            var b = fresh.GetEndpointPolicy(endpoint.Name)!.Dump();
            if (!a.SequenceEqual(b))
            {
                return $"{endpoint.Name}: {a.Count} entries incrementally, {b.Count} fresh";
            }
        }

        return null;
    }

    /// <summary>The 1-minute load average (Linux), to read wall-clock figures on a shared machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static (double Wall, double PerCpuSecond) LookupsPerSecond(PolicyEngine engine, PolicyWorkload workload)
    {
        const int Samples = 1 << 16;
        var random = new Random(7);
        var maps = engine.EndpointPolicies.ToArray();
        var peers = workload.Identities.Select(i => i.Id).Concat(workload.Endpoints.Select(e => e.Identity)).ToArray();
        var subjects = new EndpointPolicy[Samples];
        var identities = new ClusterMesh.Abstractions.Model.NumericIdentity[Samples];
        var ports = new ushort[Samples];
        for (var i = 0; i < Samples; i++)
        {
            subjects[i] = maps[random.Next(maps.Length)];
            identities[i] = peers[random.Next(peers.Length)];
            ports[i] = (ushort)(random.Next(4) == 0 ? 8000 + random.Next(200) : 80 + random.Next(4));
        }

        var allowed = 0L;
        var total = 0L;
        var cpuBefore = ThreadCpu.Now();
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 2000)
        {
            for (var i = 0; i < Samples; i++)
            {
                if (subjects[i].Allows((i & 1) == 0 ? PolicyMapDirection.Ingress : PolicyMapDirection.Egress, identities[i], 6, ports[i]))
                {
                    allowed++;
                }
            }

            total += Samples;
        }

        var cpu = (ThreadCpu.Now() - cpuBefore).TotalSeconds;
        Console.WriteLine($"   lookups: {total:N0} in {watch.Elapsed.TotalSeconds:0.00} s wall, {cpu:0.00} s CPU (load average {LoadAverage()}), {allowed * 100.0 / total:0.0}% allowed");
        return (total / watch.Elapsed.TotalSeconds, total / cpu);
    }
}
