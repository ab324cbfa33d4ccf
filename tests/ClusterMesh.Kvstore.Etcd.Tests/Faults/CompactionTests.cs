using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Hosting;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Kvstore.Etcd.Tests.Mesh;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// The local agent is cut off from the remote etcd while the remote changes and deletes entries and then compacts
/// its history: when the watches come back, resuming from their last revision is refused as compacted, so they
/// list again. Nothing may be lost and nothing stale may stay.
/// </summary>
[RequiresEtcd]
public sealed class CompactionTests
{
    [Fact]
    public async Task A_watcher_behind_a_compaction_relists_without_losing_or_keeping_anything()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var writer = await RemoteWriter.StartAsync([etcd.Endpoint], MeshSnapshots.Create(nodes: 3, pods: 24, services: 3));
        var factory = new PartitioningFactory();
        await using var mirror = await LocalMirror.StartAsync([etcd.Endpoint], factory);
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);

        factory.Store!.Partition();
        await Poll.UntilAsync(() => !mirror.Status.Connected, "the partitioned cluster is disconnected", () => mirror.Status.Describe());
        await writer.PublishAsync(MeshSnapshots.Create(nodes: 2, pods: 14, services: 1, generation: 1));
        var head = await writer.Store.GetStatusAsync();
        await writer.Store.CompactAsync(head.Revision);
        factory.Store.Heal();

        await mirror.WaitReadyAsync();
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        Assert.True(factory.Store.CompactedWatches > 0, "no watch was refused as compacted: the test did not put the watcher behind a compaction");
        Assert.Equal((2, 14, 1), (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count));
    }

    private sealed class PartitioningFactory : IKvStoreFactory
    {
        private readonly EtcdKvStoreFactory _etcd = new(configure: LocalMirror.Tune);

        public PartitionableKvStore? Store { get; private set; }

        public IKvStore Create(RemoteClusterConnectionConfig config) => Store = new PartitionableKvStore(_etcd.Create(config));
    }
}
