using System.Net;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Publishing;

namespace ClusterMesh.Replication.Tests.Publishing;

/// <summary>One publisher per node: each writes its own share; one also writes the cluster-wide keys and, once
/// every node's share is stored, the canaries.</summary>
public sealed class NodeScopedPublisherTests : IAsyncLifetime
{
    private static readonly string[] CanaryPrefixes = [KvKeys.NodesPrefix, KvKeys.IpCachePrefix, KvKeys.IdentitiesPrefix, KvKeys.ServicesPrefix];
    private static readonly LabelSet Web = LabelSet.ParseKvStoreForm("k8s:app=web;k8s:io.cilium.k8s.policy.cluster=cluster2;k8s:io.kubernetes.pod.namespace=default;");
    private readonly MemoryKvStore _store = new("cluster2");
    private readonly ClusterSnapshot _cluster = new(
        [Node("n1", "192.168.2.11", "10.2.1.0/24"), Node("n2", "192.168.2.12", "10.2.2.0/24")],
        [Pod("web-1", "10.2.1.10", "n1", "192.168.2.11"), Pod("web-2", "10.2.2.10", "n2", "192.168.2.12")]);
    private ClusterPublisher _first = null!;
    private ClusterPublisher _second = null!;

    public Task InitializeAsync()
    {
        _first = Publisher("n1", clusterState: true);
        _second = Publisher("n2", clusterState: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public void A_node_share_holds_its_node_and_its_pods_only()
    {
        var share = _cluster.OnNode("n2");
        Assert.Equal(["n2"], share.Nodes.Select(n => n.Name));
        Assert.Equal(["web-2"], share.Endpoints.Select(e => e.Name));
    }

    [Fact]
    public async Task A_node_only_publisher_writes_its_share_and_nothing_cluster_wide()
    {
        await _second.PublishAsync(_cluster);

        Assert.NotNull(await _store.GetAsync(KvKeys.Node("cluster2", "n2")));
        Assert.NotNull(await _store.GetAsync(KvKeys.IpCache("10.2.2.10")));
        Assert.Single((await _store.ListAsync(KvKeys.IdentitiesPrefix + "/")).Entries);
        Assert.Null(await _store.GetAsync(KvKeys.Node("cluster2", "n1")));
        Assert.Null(await _store.GetAsync(KvKeys.IpCache("10.2.1.10")));
        Assert.Null(await _store.GetAsync(KvKeys.ClusterConfig("cluster2")));
        Assert.Null(await _store.GetAsync(KvKeys.Heartbeat));
        Assert.Empty((await _store.ListAsync(KvKeys.SyncedPrefix + "/")).Entries);
    }

    [Fact]
    public async Task The_cluster_state_publisher_writes_the_canaries_only_once_every_node_has_published()
    {
        await _first.PublishAsync(_cluster);

        Assert.NotNull(await _store.GetAsync(KvKeys.ClusterConfig("cluster2")));
        Assert.NotNull(await _store.GetAsync(KvKeys.Heartbeat));
        Assert.Empty((await _store.ListAsync(KvKeys.SyncedPrefix + "/")).Entries);
        Assert.False(_first.SyncedCanariesWritten);

        var canaries = WaitForCanariesAsync();
        await _second.PublishAsync(_cluster);
        await canaries;

        foreach (var prefix in CanaryPrefixes)
        {
            Assert.NotNull(await _store.GetAsync(KvKeys.SyncedCanary("cluster2", prefix)));
        }

        Assert.NotNull(await _store.GetAsync(KvKeys.Node("cluster2", "n1")));
        Assert.NotNull(await _store.GetAsync(KvKeys.Node("cluster2", "n2")));
    }

    private async Task WaitForCanariesAsync()
    {
        var wanted = CanaryPrefixes.Select(p => KvKeys.SyncedCanary("cluster2", p)).ToHashSet();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var change in _store.WatchAsync(KvKeys.SyncedPrefix + "/", 0, timeout.Token))
        {
            if (change.Kind == KvEventKind.Upsert && wanted.Remove(change.Key) && wanted.Count == 0)
            {
                return;
            }
        }
    }

    private ClusterPublisher Publisher(string node, bool clusterState) => new(_store, new ClusterPublisherOptions
    {
        ClusterName = ClusterName.Parse("cluster2"),
        ClusterId = new ClusterId(2),
        NodeName = node,
        PublishClusterState = clusterState,
    });

    private static Node Node(string name, string ip, string cidr) => new()
    {
        Name = name,
        Cluster = "cluster2",
        ClusterID = 2,
        IPAddresses = [new NodeAddress { Type = NodeAddress.InternalIP, IP = IPAddress.Parse(ip) }],
        IPv4AllocCIDR = IpPrefix.Parse(cidr),
    };

    private static PodEndpoint Pod(string name, string ip, string node, string hostIp) =>
        new(IPAddress.Parse(ip), "default", name, $"uid-{name}", node, IPAddress.Parse(hostIp), "default", Web, []);
}
