using System.Net;
using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Identity;
using ClusterMesh.Replication.Publishing;
using ClusterMesh.Replication.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Tests.Publishing;

public sealed class ClusterPublisherTests : IAsyncLifetime
{
    private static readonly LabelSet Web = LabelSet.ParseKvStoreForm("k8s:app=web;k8s:io.cilium.k8s.policy.cluster=cluster2;k8s:io.kubernetes.pod.namespace=default;");
    private static readonly LabelSet Db = LabelSet.ParseKvStoreForm("k8s:app=db;k8s:io.cilium.k8s.policy.cluster=cluster2;k8s:io.kubernetes.pod.namespace=default;");
    private readonly MemoryKvStore _store = new("cluster2");
    private readonly WireCodecs _codecs = WireCodecs.For(WireValidationContext.Create("cluster2", 2));
    private ClusterPublisher _publisher = null!;

    public Task InitializeAsync()
    {
        _publisher = new ClusterPublisher(_store, new ClusterPublisherOptions { ClusterName = ClusterName.Parse("cluster2"), ClusterId = new ClusterId(2) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Publishes_config_nodes_identities_ipcache_canaries_and_heartbeat()
    {
        await _publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web), Pod("web-2", "10.2.1.11", Web), Pod("db-1", "10.2.1.12", Db)]));

        var config = _codecs.ClusterConfig.Decode(KvKeys.ClusterConfig("cluster2"), (await _store.GetAsync(KvKeys.ClusterConfig("cluster2")))!.Value.Span);
        Assert.Equal(2, config.Id);
        Assert.True(config.Capabilities.SyncedCanaries);
        Assert.NotNull(await _store.GetAsync(KvKeys.Node("cluster2", "n1")));
        // The heartbeat writer runs on its own task: its first write may land just after the publish returns.
        await Eventually.TrueAsync(() => _store.GetAsync(KvKeys.Heartbeat).AsTask().GetAwaiter().GetResult() is not null, "the heartbeat is written");
        foreach (var prefix in new[] { KvKeys.NodesPrefix, KvKeys.IpCachePrefix, KvKeys.IdentitiesPrefix, KvKeys.ServicesPrefix })
        {
            Assert.NotNull(await _store.GetAsync(KvKeys.SyncedCanary("cluster2", prefix)));
        }

        // One identity per label set, in cluster 2's range, shared by pods with the same labels.
        var web1 = await EntryOf("10.2.1.10");
        var web2 = await EntryOf("10.2.1.11");
        var db = await EntryOf("10.2.1.12");
        Assert.Equal(web1.ID, web2.ID);
        Assert.NotEqual(web1.ID, db.ID);
        Assert.True(web1.ID.IsInRangeOf(new ClusterId(2)));
        Assert.Equal(IPAddress.Parse("192.168.2.11"), web1.HostIP);
        var labels = await _store.GetAsync(KvKeys.Identity(web1.ID));
        Assert.Equal(Web.ToKvStoreForm(), Encoding.UTF8.GetString(labels!.Value.Span));
    }

    [Fact]
    public async Task Republishing_deletes_what_is_gone_and_adds_what_is_new()
    {
        await _publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web), Pod("web-2", "10.2.1.11", Web)]));
        await _publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web), Pod("web-3", "10.2.1.13", Web)]));

        Assert.Null(await _store.GetAsync(KvKeys.IpCache("10.2.1.11")));
        Assert.Equal("web-3", (await EntryOf("10.2.1.13")).K8sPodName);
        Assert.Equal("web-1", (await EntryOf("10.2.1.10")).K8sPodName);
    }

    [Fact]
    public async Task Racing_allocators_agree_on_one_identity_per_label_set()
    {
        var allocators = Enumerable.Range(0, 4)
            .Select(_ => new KvIdentityAllocator(_store, new ClusterId(2), MeshLimits.DefaultMaxConnectedClusters, NullLogger<KvIdentityAllocator>.Instance))
            .ToList();
        var labelSets = Enumerable.Range(0, 20)
            .Select(i => LabelSet.ParseKvStoreForm($"k8s:app=a{i};k8s:io.cilium.k8s.policy.cluster=cluster2;"))
            .ToList();

        var results = await Task.WhenAll(allocators.SelectMany(a => labelSets.Select(async l => (Labels: l, Id: await a.AllocateAsync(l)))));

        foreach (var group in results.GroupBy(r => r.Labels))
        {
            Assert.Single(group.Select(r => r.Id).Distinct());
        }

        Assert.Equal(labelSets.Count, results.Select(r => r.Id).Distinct().Count());
        var stored = await _store.ListAsync(KvKeys.IdentitiesPrefix + "/id/");
        Assert.Equal(labelSets.Count, stored.Entries.Count);
    }

    [Fact]
    public async Task An_identity_no_pod_uses_is_deleted_after_the_grace_period()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var publisher = new ClusterPublisher(_store, new ClusterPublisherOptions { ClusterName = ClusterName.Parse("cluster2"), ClusterId = new ClusterId(2) }, time);
        await publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web), Pod("db-1", "10.2.1.12", Db)]));
        var db = (await EntryOf("10.2.1.12")).ID;
        await publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web)]));
        time.Advance(KvIdentityAllocator.DefaultGracePeriod - TimeSpan.FromSeconds(1));
        await publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web)]));
        Assert.NotNull(await _store.GetAsync(KvKeys.Identity(db)));

        time.Advance(TimeSpan.FromSeconds(1));
        await publisher.PublishAsync(new ClusterSnapshot([NodeN1()], [Pod("web-1", "10.2.1.10", Web)]));

        Assert.Null(await _store.GetAsync(KvKeys.Identity(db)));
        Assert.NotNull(await _store.GetAsync(KvKeys.Identity((await EntryOf("10.2.1.10")).ID)));
    }

    private async Task<IpCacheEntry> EntryOf(string ip)
    {
        var key = KvKeys.IpCache(ip);
        var entry = await _store.GetAsync(key) ?? throw new InvalidOperationException($"{key} missing");
        return _codecs.IpCache.Decode(key, entry.Value.Span);
    }

    private static Node NodeN1() => new()
    {
        Name = "n1",
        Cluster = "cluster2",
        ClusterID = 2,
        IPAddresses = [new NodeAddress { Type = NodeAddress.InternalIP, IP = IPAddress.Parse("192.168.2.11") }],
        IPv4AllocCIDR = IpPrefix.Parse("10.2.1.0/24"),
    };

    private static PodEndpoint Pod(string name, string ip, LabelSet labels) =>
        new(IPAddress.Parse(ip), "default", name, $"uid-{name}", "n1", IPAddress.Parse("192.168.2.11"), "default", labels, []);
}
