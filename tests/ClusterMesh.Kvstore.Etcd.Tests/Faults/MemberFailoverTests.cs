using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Kvstore.Etcd.Tests.Mesh;
using ClusterMesh.Testing.Support;
using Xunit.Abstractions;

namespace ClusterMesh.Kvstore.Etcd.Tests.Faults;

/// <summary>
/// A three-member etcd cluster on loopback, as production runs its kvstore; both the publisher and the mirror are
/// configured with all three endpoints. One member is killed with SIGKILL while the publisher keeps changing its
/// state: the clients fail over to the other members and the mirror ends equal to the last published state.
/// Round robin spreads calls and watch streams over the members, so the writer's calls certainly meet the dead
/// member; whether one of the mirror's streams did depends on that spread (usually, not always).
/// </summary>
[RequiresEtcd]
public sealed class MemberFailoverTests(ITestOutputHelper output)
{
    private readonly TimestampedLog _log = new();

    [Fact]
    public Task Killing_one_member_during_churn_fails_over_to_the_others_and_loses_nothing() => _log.PrintOnFailureAsync(output, async () =>
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var writer = await RemoteWriter.StartAsync(cluster.Endpoints, MeshSnapshots.Create(nodes: 3, pods: 30, services: 2), _log);
        await using var mirror = await LocalMirror.StartAsync(cluster.Endpoints, loggers: _log);
        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);

        // Churn: every generation changes every pod and adds or removes some; the member dies in the middle.
        var generation = 0;
        for (; generation < 12; generation++)
        {
            if (generation == 4)
            {
                await cluster.Members[0].KillAsync();
                _log.Add("killed m0");
            }

            await writer.PublishRetryingAsync(MeshSnapshots.Create(nodes: 3, pods: 20 + (generation % 3 * 5), services: 2, generation: generation + 1));
        }

        await writer.PublishRetryingAsync(MeshSnapshots.Create(nodes: 3, pods: 25, services: 1, generation: generation + 1));
        _log.Add("published the last generation");

        await MirrorAssert.EqualsRemoteAsync(mirror, writer.Store);
        Assert.Equal((3, 25, 1), (mirror.Nodes.Count, mirror.Endpoints.Count, mirror.Services.Count));
        Assert.All(mirror.Endpoints.Snapshot().Values, e => Assert.EndsWith($"-g{generation + 1}", e.K8sPodUID, StringComparison.Ordinal));
        // Ready again once every watch has resumed (a watch that just ended makes the status not ready for a moment).
        await Poll.UntilAsync(() => mirror.Status.Ready, "the mirror is ready again", () => mirror.Status.Describe());
    });
}
