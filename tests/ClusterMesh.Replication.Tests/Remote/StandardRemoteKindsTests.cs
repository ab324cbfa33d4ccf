using System.Net;
using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Tests.Support;

namespace ClusterMesh.Replication.Tests.Remote;

/// <summary>A remote cluster mirrored through the wire codecs: Cilium's keys and values end to end.</summary>
public sealed class StandardRemoteKindsTests : IAsyncLifetime
{
    private const string Labels = "k8s:app=baz;k8s:io.cilium.k8s.policy.cluster=cluster3;k8s:io.kubernetes.pod.namespace=bar;";
    private static readonly NumericIdentity Identity = NumericIdentity.Create(new ClusterId(3), 307);

    private readonly RemotePublisher _cluster3 = new("cluster3");
    private readonly WireCodecs _codecs = WireCodecs.For(WireValidationContext.Create("cluster3", 3));
    private readonly RecordingObserver<Node> _nodes = new();
    private readonly RecordingObserver<ClusterService> _services = new();
    private readonly RecordingObserver<IdentityEntry> _identities = new();
    private readonly RecordingObserver<IpCacheEntry> _endpoints = new();
    private RemoteCluster? _remote;

    public async Task InitializeAsync()
    {
        await _cluster3.PublishConfigAsync(3);
        await PutAsync(_codecs.Nodes, NodeNamed("node-1"));
        await PutAsync(_codecs.Nodes, NodeNamed("node-2"));
        await PutAsync(_codecs.Services, new ClusterService { Cluster = "cluster3", Namespace = "bar", Name = "svc", ClusterID = 3, Shared = true, IncludeExternal = true });
        await _cluster3.Store.PutAsync(KvKeys.Identity(Identity), Encoding.UTF8.GetBytes(Labels));
        await PutAsync(_codecs.IpCache, new IpCacheEntry { IP = IPAddress.Parse("10.244.2.74"), HostIP = IPAddress.Parse("172.18.0.2"), ID = Identity });
        foreach (var prefix in new[] { KvKeys.NodesPrefix, KvKeys.ServicesPrefix, KvKeys.IdentitiesPrefix, KvKeys.IpCachePrefix })
        {
            await _cluster3.CanaryAsync(prefix);
        }

        _remote = new RemoteCluster("cluster3", RemoteClusterHarness.Options(),
            StandardRemoteKinds.Create(new RemoteClusterObservers(_nodes, _services, _identities, _endpoints)));
        await _remote.ConnectAsync(_cluster3.Client());
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        await _remote.WaitUntilReadyAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _remote!.DisposeAsync();
        await _cluster3.DisposeAsync();
    }

    [Fact]
    public void Every_kind_is_mirrored_and_counted()
    {
        var status = _remote!.GetStatus();
        Assert.Equal([2, 1, 1, 1], status.Kinds.Select(k => k.Count));
        Assert.Equal([RemoteKindNames.Nodes, RemoteKindNames.Services, RemoteKindNames.Identities, RemoteKindNames.Endpoints], status.Kinds.Select(k => k.Name));
        Assert.Equal(Identity, _identities.State[KvKeys.Identity(Identity)].Id);
        Assert.Equal(IPAddress.Parse("172.18.0.2"), _endpoints.State[KvKeys.IpCache("10.244.2.74")].HostIP);
        Assert.Equal("svc", _services.State[KvKeys.Service("cluster3", "bar", "svc")].Name);
    }

    [Fact]
    public async Task Malformed_JSON_is_rejected_and_the_last_good_value_stays()
    {
        await _cluster3.Store.PutAsync(KvKeys.Node("cluster3", "node-1"), "{\"Name\":"u8.ToArray());
        await SettleAsync();

        Assert.Equal(1, _remote!.GetStatus().Rejections[RejectReason.MalformedValue]);
        Assert.Equal(_codecs.Nodes.Encode(NodeNamed("node-1")), _codecs.Nodes.Encode(_nodes.State[KvKeys.Node("cluster3", "node-1")]));
        Assert.DoesNotContain(_nodes.Calls, c => c.StartsWith("delete", StringComparison.Ordinal));
        Assert.Equal(3, _nodes.State.Count); // node-1, node-2 and the marker
    }

    [Fact]
    public async Task A_node_of_a_foreign_cluster_is_rejected()
    {
        await _cluster3.Store.PutAsync(KvKeys.Node("cluster3", "node-2"), _codecs.Nodes.Encode(NodeNamed("node-2") with { Cluster = "cluster9" }));
        await SettleAsync();

        Assert.Equal(1, _remote!.GetStatus().Rejections[RejectReason.ForeignCluster]);
        Assert.Equal("cluster3", _nodes.State[KvKeys.Node("cluster3", "node-2")].Cluster);
    }

    [Fact]
    public async Task Identities_outside_the_clusters_range_are_rejected()
    {
        var cluster4Identity = NumericIdentity.Create(new ClusterId(4), 300);
        await _cluster3.Store.PutAsync(KvKeys.Identity(cluster4Identity), Encoding.UTF8.GetBytes(Labels));
        await _cluster3.Store.PutAsync(KvKeys.IpCache("10.244.2.75"), _codecs.IpCache.Encode(new IpCacheEntry { IP = IPAddress.Parse("10.244.2.75"), ID = cluster4Identity }));
        await SettleAsync();

        Assert.Equal(2, _remote!.GetStatus().Rejections[RejectReason.IdentityOutOfRange]);
        Assert.DoesNotContain(KvKeys.Identity(cluster4Identity), _identities.State.Keys);
        Assert.Contains(KvKeys.Identity(Identity), _identities.State.Keys);
        Assert.DoesNotContain(KvKeys.IpCache("10.244.2.75"), _endpoints.State.Keys);
        Assert.Contains(KvKeys.IpCache("10.244.2.74"), _endpoints.State.Keys);
    }

    /// <summary>Waits until a marker written after the change under test has arrived: the watch is in order.</summary>
    private async Task SettleAsync()
    {
        await PutAsync(_codecs.Nodes, NodeNamed("marker"));
        await Eventually.TrueAsync(() => _nodes.State.ContainsKey(KvKeys.Node("cluster3", "marker")), "the marker arrived");
        var endpointMarker = new IpCacheEntry { IP = IPAddress.Parse("10.244.9.9"), ID = Identity };
        await PutAsync(_codecs.IpCache, endpointMarker);
        var identityMarker = NumericIdentity.Create(new ClusterId(3), 999);
        await _cluster3.Store.PutAsync(KvKeys.Identity(identityMarker), Encoding.UTF8.GetBytes(Labels));
        await Eventually.TrueAsync(() => _endpoints.State.ContainsKey(KvKeys.IpCache("10.244.9.9")) && _identities.State.ContainsKey(KvKeys.Identity(identityMarker)), "the markers arrived");
    }

    private static Node NodeNamed(string name) => new() { Name = name, Cluster = "cluster3", ClusterID = 3 };

    private Task PutAsync<T>(IKvCodec<T> codec, T value)
        where T : notnull => _cluster3.Store.PutAsync(codec.KeyOf(value), codec.Encode(value)).AsTask();
}
