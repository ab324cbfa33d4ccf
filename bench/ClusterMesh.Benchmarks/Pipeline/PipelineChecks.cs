using ClusterMesh.Benchmarks.Data;

namespace ClusterMesh.Benchmarks.Pipeline;

/// <summary>Correctness of a synced pipeline: what the Simulation maps and caches must hold.</summary>
internal static class PipelineChecks
{
    public static IReadOnlyList<string> Verify(MirrorPipeline pipeline, RemoteClusterData data, bool ipcacheOnly = false)
    {
        var problems = new List<string>();
        var totals = data.Totals;
        Expect(problems, "ipcache map entries", pipeline.Datapath.IpCache.Count, totals.IpCacheEntries);
        if (!ipcacheOnly)
        {
            Expect(problems, "tunnel map entries", pipeline.Datapath.Tunnels.Count, totals.Nodes);
            Expect(problems, "identity cache entries", pipeline.Identities.Count, totals.Identities);
        }

        var rejected = pipeline.Status.Rejections.Values.Sum();
        Expect(problems, "rejected values", rejected, 0);
        foreach (var index in new[] { 0, totals.IpCacheEntries / 2, totals.IpCacheEntries - 1 })
        {
            var pod = data.Pod(index);
            if (!pipeline.Datapath.IpCache.TryLookup(pod.IP, out _, out var value) || value.Identity != pod.ID || !Equals(value.TunnelEndpoint, pod.HostIP))
            {
                problems.Add($"ipcache lookup of {pod.IP} does not give identity {pod.ID} via {pod.HostIP}");
            }
        }

        return problems;
    }

    private static void Expect(List<string> problems, string what, long actual, long expected)
    {
        if (actual != expected)
        {
            problems.Add($"{what}: {actual:N0}, expected {expected:N0}");
        }
    }
}
