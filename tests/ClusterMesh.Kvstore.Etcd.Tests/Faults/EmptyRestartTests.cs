using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Kvstore.Etcd.Tests.Mesh;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// An ephemeral remote etcd (clustermesh-apiserver's own, no persistent volume) restarts with an empty data
/// directory together with its publisher. Until the new publisher's synced canaries say the data is complete
/// again, the local mirror keeps every entry it had; then the entries the new state lacks are swept.
/// </summary>
[RequiresEtcd]
public sealed class EmptyRestartTests
{
    [Fact]
    public async Task The_mirror_keeps_its_state_until_the_canaries_return_then_sweeps_what_is_gone()
    {
        await using var etcd = await EtcdServer.StartAsync();
        var writer = await RemoteWriter.StartAsync([etcd.Endpoint], MeshSnapshots.Create(nodes: 3, pods: 24, services: 3));
        await using var mirror = await LocalMirror.StartAsync([etcd.Endpoint]);
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        var before = mirror.Endpoints.Snapshot().Keys.Order(StringComparer.Ordinal).ToList();

        await writer.DisposeAsync();
        await etcd.RestartEmptyAsync();
        await using var admin = new EtcdKvStore(LocalMirror.Tune(new EtcdKvStoreOptions { Endpoints = [etcd.Endpoint] }));

        // The new incarnation has started writing a first entry but has no canary yet.
        await admin.PutAsync(KvKeys.IpCache("10.2.9.9"), "{}"u8.ToArray());
        await Poll.UntilAsync(() => mirror.Status.Kinds.All(k => k.WaitingForCanary), "every kind waits for the new canaries", () => mirror.Status.Describe());
        Assert.Equal(before, mirror.Endpoints.Snapshot().Keys.Order(StringComparer.Ordinal));
        Assert.Equal((3, 3, 24), (mirror.Nodes.Count, mirror.Services.Count, mirror.Datapath.IpCache.Count));

        // The publisher finishes: fewer nodes, pods and services than before, with changed values.
        await admin.DeleteAsync(KvKeys.IpCache("10.2.9.9"));
        await using var republished = await RemoteWriter.StartAsync([etcd.Endpoint], MeshSnapshots.Create(nodes: 2, pods: 16, services: 1, generation: 1));

        await MirrorAssert.EqualsRemoteAsync(mirror, republished.Store);
        Assert.Equal((2, 16, 1), (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count));
        Assert.False(mirror.Datapath.IpCache.TryLookup(MeshSnapshots.PodIp(20), out _, out _));
        Assert.True(mirror.Status.Ready);
    }
}
