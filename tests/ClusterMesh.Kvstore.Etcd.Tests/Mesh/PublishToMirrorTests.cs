using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

namespace ClusterMesh.Kvstore.Etcd.Tests.Mesh;

/// <summary>
/// End to end through a real etcd: c2's ClusterPublisher writes its state, c1's ClusterMeshManager mirrors it into
/// caches and the Simulation datapath; then a change and a delete propagate.
/// </summary>
[RequiresEtcd]
public sealed class PublishToMirrorTests
{
    [Fact]
    public async Task The_mirrored_caches_equal_the_published_snapshot_and_follow_a_change_and_a_delete()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var writer = await RemoteWriter.StartAsync([etcd.Endpoint], MeshSnapshots.Create(nodes: 4, pods: 30, services: 3));
        await using var mirror = await LocalMirror.StartAsync([etcd.Endpoint]);

        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        Assert.Equal((4, 30, 3, MeshSnapshots.LabelSets), (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count, mirror.Identities.Count));
        Assert.Equal((30, 4), (mirror.Datapath.IpCache.Count, mirror.Datapath.Tunnels.Count));
        var pod7 = mirror.Endpoints.Snapshot()[KvKeys.IpCache(MeshSnapshots.PodIp(7).ToString())];
        Assert.True(mirror.Datapath.IpCache.TryLookup(MeshSnapshots.PodIp(7), out _, out var programmed));
        Assert.Equal((pod7.ID, MeshSnapshots.NodeIp(7 % 4)), (programmed.Identity, programmed.TunnelEndpoint));

        // A change (every pod's UID), a delete (pod 29, service 2) and a node less.
        await writer.PublishAsync(MeshSnapshots.Create(nodes: 3, pods: 29, services: 2, generation: 1));

        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        Assert.Equal((3, 29, 2), (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count));
        Assert.False(mirror.Datapath.IpCache.TryLookup(MeshSnapshots.PodIp(29), out _, out _));
        Assert.Equal("uid-7-g1", mirror.Endpoints.Snapshot()[KvKeys.IpCache(MeshSnapshots.PodIp(7).ToString())].K8sPodUID);
        Assert.Equal(3, mirror.Datapath.Tunnels.Count);
    }
}
