using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Publishing;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Tests.Support;
using ClusterMesh.Replication.Watch;
using ClusterMesh.Services.Mcs;
using k8s;
using k8s.Models;

namespace ClusterMesh.Replication.Tests.Publishing;

/// <summary>
/// MCS-API end to end through the memory kvstore: ServiceExport manifests → each cluster's publisher → the local
/// watch and the remote mirror → one derived ServiceImport, with a conflict condition when the ports disagree.
/// </summary>
public sealed class ServiceExportMirroringTests : IAsyncLifetime
{
    private readonly MemoryKvStore _store1 = new("cluster1");
    private readonly MemoryKvStore _store2 = new("cluster2");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await _store1.DisposeAsync();
        await _store2.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task Two_clusters_exports_derive_one_service_import_with_a_port_conflict_and_the_oldest_export_wins()
    {
        await PublishAsync(_store1, "cluster1", 1, "2025-01-01T00:00:00Z", Port("http", 80));
        await PublishAsync(_store2, "cluster2", 2, "2025-02-01T00:00:00Z", Port("http", 80), Port("https", 443));
        var resolver = new ServiceImportResolver();
        var local = new WatchStore<ServiceExport>(KvKeys.ClusterScoped(KvKeys.ServiceExportsPrefix, "cluster1"),
            WireCodecs.For(WireValidationContext.Create("cluster1", 1)).ServiceExports, resolver);
        var watching = local.WatchAsync(_store1, _stop.Token);
        var remote = await MirrorAsync(_store2, "cluster2", new RemoteClusterObservers(new RecordingObserver<Node>(), new RecordingObserver<ClusterService>(),
            new RecordingObserver<IdentityEntry>(), new RecordingObserver<IpCacheEntry>()) { ServiceExports = resolver });

        await Eventually.TrueAsync(() => resolver.Get("default", "rebel-base")?.Clusters.Count == 2, "both clusters' exports arrived");

        var import = resolver.Get("default", "rebel-base")!;
        Assert.Equal("cluster1", import.WinningCluster);
        Assert.Equal("rebel-base.default.svc.clusterset.local", import.DnsName);
        Assert.Equal([80], import.Ports.Select(p => p.Port));
        var conflict = Assert.Single(import.Conflicts);
        Assert.Equal(ServiceImportConflict.ConflictingPorts, conflict.Type);
        Assert.Equal(["cluster2"], conflict.Clusters);
        var status = remote.GetStatus().Kinds.Single(k => k.Name == RemoteKindNames.ServiceExports);
        Assert.True(status.Synced);
        Assert.Equal(1, status.Count);
        Assert.NotNull(await _store2.GetAsync(KvKeys.SyncedCanary("cluster2", KvKeys.ServiceExportsPrefix)));
        Assert.False(watching.IsFaulted);
    }

    [Fact]
    public async Task A_remote_without_mcs_api_support_is_ready_without_exports()
    {
        await PublishAsync(_store2, "cluster2", 2, "2025-02-01T00:00:00Z", enabled: false, Port("http", 80));
        var resolver = new ServiceImportResolver();

        var remote = await MirrorAsync(_store2, "cluster2", new RemoteClusterObservers(new RecordingObserver<Node>(), new RecordingObserver<ClusterService>(),
            new RecordingObserver<IdentityEntry>(), new RecordingObserver<IpCacheEntry>()) { ServiceExports = resolver });

        var status = remote.GetStatus();
        Assert.True(status.Ready);
        Assert.Equal(0, status.Kinds.Single(k => k.Name == RemoteKindNames.ServiceExports).Count);
        Assert.Empty(resolver.Snapshot());
        Assert.Empty((await _store2.ListAsync(KvKeys.ServiceExportsPrefix + "/")).Entries);
    }

    [Fact]
    public async Task A_publisher_refuses_an_export_of_another_cluster()
    {
        var publisher = Publisher(_store1, "cluster1", 1, enabled: true);
        var foreign = new ServiceExport { Cluster = "cluster2", Namespace = "default", Name = "x", ExportCreationTimestamp = DateTimeOffset.UnixEpoch.AddDays(1) };

        await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(new ClusterSnapshot([], []) { ServiceExports = [foreign] }));
    }

    private ClusterPublisher Publisher(MemoryKvStore store, string cluster, int id, bool enabled)
    {
        var publisher = new ClusterPublisher(store, new ClusterPublisherOptions
        {
            ClusterName = ClusterName.Parse(cluster),
            ClusterId = new ClusterId(id),
            ServiceExportsEnabled = enabled,
        });
        _owned.Add(publisher);
        return publisher;
    }

    private Task PublishAsync(MemoryKvStore store, string cluster, int id, string created, params V1ServicePort[] ports) =>
        PublishAsync(store, cluster, id, created, enabled: true, ports);

    /// <summary>The cluster's rebel-base Service and its ServiceExport, read from manifests and published.</summary>
    private async Task PublishAsync(MemoryKvStore store, string cluster, int id, string created, bool enabled, params V1ServicePort[] ports)
    {
        var exportYaml = $"""
            apiVersion: multicluster.x-k8s.io/v1alpha1
            kind: ServiceExport
            metadata:
              name: rebel-base
              namespace: default
              creationTimestamp: "{created}"
            """;
        var serviceYaml = $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: rebel-base
              namespace: default
            spec:
              clusterIP: 10.96.0.10
              ports:
            {string.Concat(ports.Select(p => $"  - name: {p.Name}\n    port: {p.Port}\n    protocol: TCP\n"))}
            """;
        var service = KubernetesYaml.Deserialize<V1Service>(serviceYaml);
        var exports = ServiceExportManifest.Build(cluster, [ServiceExportManifest.Parse(exportYaml, DateTimeOffset.UnixEpoch)], [service]);
        await Publisher(store, cluster, id, enabled).PublishAsync(new ClusterSnapshot([], []) { ServiceExports = exports });
    }

    private async Task<RemoteCluster> MirrorAsync(MemoryKvStore store, string cluster, RemoteClusterObservers observers)
    {
        var remote = new RemoteCluster(cluster, RemoteClusterHarness.Options(), StandardRemoteKinds.Create(observers));
        _owned.Add(remote);
        await remote.ConnectAsync(store.AsReadOnly());
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        await remote.WaitUntilReadyAsync(timeout.Token);
        return remote;
    }

    private static V1ServicePort Port(string name, int port) => new() { Name = name, Port = port };
}
