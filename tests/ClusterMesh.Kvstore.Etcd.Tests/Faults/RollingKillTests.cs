using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Kvstore.Etcd.Tests.Mesh;
using ClusterMesh.Testing.Support;
using Xunit.Abstractions;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// A rolling restart of a three-member etcd cluster during churn: each member in turn is killed with SIGKILL while
/// the one killed before is started again with its data, so every member is down once and comes back behind the
/// others. Both clients must follow every move and the mirror must end equal to the last published state.
/// </summary>
[RequiresEtcd]
public sealed class RollingKillTests(ITestOutputHelper output)
{
    private readonly TimestampedLog _log = new();

    [Fact]
    public Task Killing_each_member_in_turn_during_churn_loses_nothing() => _log.PrintOnFailureAsync(output, async () =>
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var writer = await RemoteWriter.StartAsync(cluster.Endpoints, MeshSnapshots.Create(nodes: 3, pods: 30, services: 2), _log);
        await using var mirror = await LocalMirror.StartAsync(cluster.Endpoints, loggers: _log);
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);

        var generation = 0;
        for (var victim = 0; victim < cluster.Members.Count; victim++)
        {
            if (victim > 0)
            {
                await cluster.Members[victim - 1].RestartAsync();
            }

            await cluster.Members[victim].KillAsync();
            _log.Add($"killed m{victim}");
            for (var step = 0; step < 3; step++, generation++)
            {
                await writer.PublishRetryingAsync(MeshSnapshots.Create(nodes: 3, pods: 20 + (generation % 3 * 5), services: 2, generation: generation + 1));
            }
        }

        await cluster.Members[^1].RestartAsync();
        await writer.PublishRetryingAsync(MeshSnapshots.Create(nodes: 3, pods: 25, services: 1, generation: generation + 1));
        _log.Add("published the last generation");

        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        Assert.Equal((3, 25, 1), (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count));
        Assert.All(mirror.Endpoints.Snapshot().Values, e => Assert.EndsWith($"-g{generation + 1}", e.K8sPodUID, StringComparison.Ordinal));
        // Ready again once every watch has resumed (a watch that just ended makes the status not ready for a moment).
        await Poll.UntilAsync(() => mirror.Status.Ready, "the mirror is ready again", () => mirror.Status.Describe());
    });
}
