using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Kvstore.Etcd.Tests.Mesh;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// The remote etcd frozen with SIGSTOP for longer than the client's keep-alive window (1 s + 1 s here): its
/// sockets stay open but nothing answers, so only the keep-alive pings notice. The cluster must turn not ready
/// while the mirrored state stays; after SIGCONT it must be ready again and follow new changes.
/// </summary>
[RequiresEtcd]
public sealed class PausedEtcdTests
{
    [Fact]
    public async Task A_stopped_etcd_turns_the_cluster_not_ready_keeps_the_state_and_recovers_after_sigcont()
    {
        await using var etcd = await EtcdServer.StartAsync();
        await using var writer = await RemoteWriter.StartAsync([etcd.Endpoint], MeshSnapshots.Create(nodes: 3, pods: 20, services: 2));
        await using var mirror = await LocalMirror.StartAsync([etcd.Endpoint]);
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        var before = (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count, mirror.Identities.Count, mirror.Datapath.IpCache.Count);

        try
        {
            etcd.Pause();
            await Poll.UntilAsync(() => !mirror.Status.Ready, "the paused cluster is reported not ready", () => mirror.Status.Describe());
            var during = mirror.Status;

            Assert.False(during.Connected);
            Assert.True(during.NumFailures > 0);
            Assert.Equal(before, (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count, mirror.Identities.Count, mirror.Datapath.IpCache.Count));
        }
        finally
        {
            etcd.Resume();
        }

        await mirror.WaitReadyAsync();
        await writer.PublishAsync(MeshSnapshots.Create(nodes: 3, pods: 18, services: 2, generation: 1));
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        Assert.Equal(18, mirror.Endpoints.Count);
    }
}
