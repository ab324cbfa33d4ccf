using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Output;
using ClusterMesh.Agent.GlobalServices;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Services.Model;
using ClusterMesh.Kubernetes.LocalState;

namespace ClusterMesh.Agent.Demo;

/// <summary>The checks behind each demo step, on an <see cref="InProcessMesh"/> of the Star Wars sample.</summary>
internal sealed class DemoSteps(InProcessMesh mesh, TimeSpan timeout)
{
    private const string ReplacedPod = "rebel-base-2";
    private const string ReplacementPod = "rebel-base-3";

    private MeshClusterRuntime Local => mesh.Clusters[0];

    private MeshClusterRuntime Remote => mesh.Clusters[1];

    /// <summary>Every agent sees every other cluster as ready.</summary>
    public async Task<StepOutcome> MeshReadyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await Task.WhenAll(mesh.Agents.Select(a => a.Mesh.WaitUntilReadyAsync(deadline.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(false, $"not every agent saw every remote cluster ready within {timeout.TotalSeconds:0} s", StatusTables());
        }

        var expectations = mesh.Clusters.SelectMany(c => mesh.Clusters.Where(r => r != c).Select(r => (Agent: c, Remote: r)));
        foreach (var (cluster, remote) in expectations)
        {
            var view = StatusViews.Combine(cluster.Agents.Select(a => a.Mesh.GetStatus())).Single(v => v.Name == remote.Name);
            if (view.Nodes != remote.State.Nodes.Count || view.Endpoints != remote.State.Endpoints.Count)
            {
                return new StepOutcome(false, $"{cluster.Name} sees {view.Nodes} nodes and {view.Endpoints} endpoints of {remote.Name}, expected {remote.State.Nodes.Count} and {remote.State.Endpoints.Count}", StatusTables());
            }
        }

        return new StepOutcome(true, $"{mesh.Agents.Count()} agents see every remote cluster ready", StatusTables());
    }

    /// <summary>x-wing in cluster1 reaches a rebel-base pod in cluster2 through the tunnel.</summary>
    public StepOutcome CrossClusterPath()
    {
        var target = Remote.Pod("rebel-base-1");
        return Follow(Local.Pod("x-wing"), target, expectDelivered: true);
    }

    /// <summary>cluster2's kvstore goes down: cluster1 reports it and keeps its state.</summary>
    public async Task<StepOutcome> RemoteOutageAsync(CancellationToken cancellationToken)
    {
        Remote.Store.GoOffline();
        var observed = await WaitForAsync(() => LocalView().Connected == false && LocalView().Failures > 0, cancellationToken);
        var view = LocalView();
        if (!observed)
        {
            return new StepOutcome(false, $"{Local.Name} did not report {Remote.Name} as disconnected within {timeout.TotalSeconds:0} s", StatusTables());
        }

        var kept = view.Nodes == Remote.State.Nodes.Count && view.Endpoints == Remote.State.Endpoints.Count;
        var path = Follow(Local.Pod("x-wing"), Remote.Pod("rebel-base-1"), expectDelivered: true);
        return new StepOutcome(kept && path.Passed,
            $"{Remote.Name} kvstore down: {Local.Name} reports it disconnected ({view.Failures} failures) and keeps {view.Nodes} nodes, {view.Endpoints} endpoints; {path.Detail}",
            StatusTables());
    }

    /// <summary>cluster2 comes back with one pod replaced; cluster1 resyncs: the new pod in, the old pod out.</summary>
    public async Task<StepOutcome> RecoveryResyncAsync(CancellationToken cancellationToken)
    {
        Remote.Store.GoOnline();
        var old = Remote.Pod(ReplacedPod);
        var replacement = old with { Name = ReplacementPod, Uid = $"{Remote.Name}-{ReplacementPod}", Address = NextAddress(old.Address) };
        var state = Remote.State with { Endpoints = [.. Remote.State.Endpoints.Where(e => e.Name != ReplacedPod), replacement] };
        Remote.ApplyServices(ServiceEdits.ReplaceBackend(Remote.LocalServices, old.Address.ToString(), replacement.Address.ToString()));
        await Remote.PublishAsync(state, cancellationToken);

        var resynced = await WaitForAsync(
            () => LocalView().Ready && Local.Agents.All(a => Knows(a.Datapath, replacement.Address) && !Knows(a.Datapath, old.Address))
                && Local.NodeServices.Values.All(n => HasBackend(n, replacement.Address) && !HasBackend(n, old.Address)),
            cancellationToken);
        if (!resynced)
        {
            return new StepOutcome(false, $"{Local.Name} did not resync {Remote.Name} within {timeout.TotalSeconds:0} s", StatusTables());
        }

        var toNew = Follow(Local.Pod("x-wing"), replacement, expectDelivered: true);
        var toOld = Follow(Local.Pod("x-wing"), old, expectDelivered: false);
        return new StepOutcome(toNew.Passed && toOld.Passed,
            $"{Remote.Name} back with {ReplacedPod} ({old.Address}) replaced by {ReplacementPod} ({replacement.Address}); {Local.Name} resynced: new pod in, old pod out",
            $"{StatusTables()}\n{toNew.Output}\n{toOld.Output}");
    }

    /// <summary>
    /// 1,000 connections from x-wing to the rebel-base ClusterIP spread over both clusters: DNATed by x-wing's
    /// node datapath, whose load-balancer map holds the Maglev table of the merged, selected backends.
    /// </summary>
    public StepOutcome GlobalServiceSpread()
    {
        var balanced = Balance(sourcePortBase: 10_000);
        var passed = balanced.Split.Count == 2 && balanced.Split.Values.All(n => n > 0);
        return new StepOutcome(passed, $"1000 connections x-wing@{Local.Name} -> rebel-base ClusterIP: {Describe(balanced.Split)}", balanced.Output);
    }

    /// <summary>cluster1's rebel-base backends become unready with affinity local: everything goes to cluster2.</summary>
    public async Task<StepOutcome> GlobalServiceFailoverAsync(CancellationToken cancellationToken)
    {
        Local.ApplyServices(ServiceEdits.Set(Local.LocalServices, RebelBase, ServiceAffinity.Local, BackendState.Quarantined));
        await Local.PublishAsync(Local.State, cancellationToken);
        var balanced = Balance(sourcePortBase: 20_000);
        var passed = balanced.Split.Count == 1 && balanced.Split.ContainsKey(Remote.Name);
        return new StepOutcome(passed, $"{Local.Name}'s rebel-base unready, affinity local: {Describe(balanced.Split)}", balanced.Output);
    }

    /// <summary>They recover: with affinity local, the local backends are preferred again.</summary>
    public async Task<StepOutcome> GlobalServiceRecoveryAsync(CancellationToken cancellationToken)
    {
        Local.ApplyServices(ServiceEdits.Set(Local.LocalServices, RebelBase, ServiceAffinity.Local, BackendState.Active));
        await Local.PublishAsync(Local.State, cancellationToken);
        var balanced = Balance(sourcePortBase: 30_000);
        var passed = balanced.Split.Count == 1 && balanced.Split.ContainsKey(Local.Name);
        return new StepOutcome(passed, $"{Local.Name}'s rebel-base ready again, affinity local: {Describe(balanced.Split)}", balanced.Output);
    }

    private const string RebelBase = "rebel-base";

    /// <summary>
    /// Follows 1,000 connections (source ports from <paramref name="sourcePortBase"/>) from x-wing to the rebel-base
    /// ClusterIP through the mesh and counts them by the cluster of the backend x-wing's node translated them to;
    /// a connection that is not delivered to a pod counts as such.
    /// </summary>
    private (Dictionary<string, int> Split, string Output) Balance(int sourcePortBase)
    {
        var client = Local.Pod("x-wing");
        var frontend = Local.LocalServices.First(s => s.Name == RebelBase).Frontends.First();
        var port = frontend.Value.Values.First();
        var clusterIp = IPAddress.Parse(frontend.Key);
        var split = new Dictionary<string, int>(StringComparer.Ordinal);
        string? first = null;
        for (var i = 0; i < 1000; i++)
        {
            var flow = L4Flow.Of(client.Address, (ushort)(sourcePortBase + i), clusterIp, port.Port, port.Protocol);
            var trace = mesh.Fabric.Follow(flow);
            first ??= $"{flow}: {trace.Hops[0].Path.Translation?.ToString() ?? "not translated"}; {trace}";
            var bucket = trace.Hops[0].Path.Translation is { Direction: NatDirection.Dnat } dnat
                ? (trace.Delivered ? dnat.Backend.Cluster : $"undelivered ({trace.Outcome.DropReason})")
                : $"not translated ({trace.Outcome.DropReason})";
            split[bucket] = split.GetValueOrDefault(bucket) + 1;
        }

        var datapath = (SimulatedDatapath)Local.Agents.Single(a => a.NodeName == client.NodeName).Datapath;
        var entry = datapath.LoadBalancer.TryLookup(LbServiceKey.Of(clusterIp, port.Port, port.Protocol), out var lb)
            ? string.Join(", ", lb.Backends.Select(b => $"{b.Address}:{b.Port} ({b.Cluster})"))
            : "no entry";
        var import = Local.NodeServices[client.NodeName].Imports.Get("default", RebelBase) is { } derived
            ? $"{derived.DnsName} exported by {string.Join(", ", derived.Clusters)}"
            : "none";
        return (split, string.Join('\n',
            $"{client.NodeName} load-balancer map: {clusterIp}:{port.Port}/{port.Protocol} -> {entry}; {datapath.TrackedConnections} connections tracked",
            $"first connection {first}",
            $"MCS ServiceImport on {client.NodeName}: {import}"));
    }

    private static string Describe(Dictionary<string, int> split) =>
        string.Join(", ", split.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} to {p.Key}"));

    private StepOutcome Follow(PodEndpoint from, PodEndpoint to, bool expectDelivered)
    {
        var trace = mesh.Fabric.Follow(from.Address, to.Address);
        var delivered = trace.Delivered && trace.Outcome.Endpoint?.PodName == to.Name;
        var line = $"{from.Name}@{Local.Name} ({from.Address}) -> {to.Name}@{Remote.Name} ({to.Address}): {trace}";
        var passed = expectDelivered ? delivered : !trace.Delivered;
        var detail = expectDelivered
            ? (passed ? $"{from.Name}@{Local.Name} -> {to.Name}@{Remote.Name} delivered" : $"{from.Name} -> {to.Name} not delivered: {trace.Outcome}")
            : (passed ? $"{to.Name} ({to.Address}) no longer reachable: {trace.Outcome}" : $"{to.Name} still reachable after removal");
        return new StepOutcome(passed, detail, line);
    }

    private RemoteClusterView LocalView() =>
        StatusViews.Combine(Local.Agents.Select(a => a.Mesh.GetStatus())).Single(v => v.Name == Remote.Name);

    /// <summary>Whether the node's merged rebel-base has a backend at <paramref name="address"/> (ipcache and services are separate watches).</summary>
    private static bool HasBackend(NodeServices services, IPAddress address) =>
        services.Merger.TryGet(new ServiceName("default", RebelBase), out var merged) && merged.Backends.Any(b => b.Address == address.ToString());

    private static bool Knows(Abstractions.Datapath.IDatapath datapath, IPAddress address) =>
        datapath.IpCache.TryLookup(address, out var prefix, out _) && prefix.PrefixLength == (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);

    private async Task<bool> WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    private string StatusTables() =>
        string.Join('\n', mesh.Clusters.Select(c => StatusTable.Render($"ClusterMesh ({c.Name}, {c.Agents.Count} agents)", StatusViews.Combine(c.Agents.Select(a => a.Mesh.GetStatus())))));

    private static IPAddress NextAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes);
    }
}
