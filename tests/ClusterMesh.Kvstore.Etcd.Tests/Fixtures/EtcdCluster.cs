namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>
/// A three-member etcd cluster on loopback (one process per member, <c>--initial-cluster</c> naming all three,
/// free ports, own data directories): how a production cluster runs its kvstore. Every member is killed and
/// its data deleted on dispose.
/// </summary>
public sealed class EtcdCluster : IAsyncDisposable
{
    private EtcdCluster(IReadOnlyList<EtcdServer> members) => Members = members;

    /// <summary>The members, in <c>--initial-cluster</c> order.</summary>
    public IReadOnlyList<EtcdServer> Members { get; }

    /// <summary>Every member's client endpoint.</summary>
    public IReadOnlyList<string> Endpoints => Members.Select(m => m.Endpoint).ToList();

    /// <summary>Starts the members together and waits until each reports healthy (a leader was elected).</summary>
    public static async Task<EtcdCluster> StartAsync(int size = 3)
    {
        if (EtcdServer.MissingReason is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        return await EtcdServer.RetryOnPortTakenAsync(async () =>
        {
            var cluster = new EtcdCluster(Enumerable.Range(0, size).Select(i => new EtcdServer(null, $"m{i}")).ToList());
            try
            {
                string initial = string.Join(",", cluster.Members.Select(m => m.ClusterEntry));
                foreach (var member in cluster.Members)
                {
                    member.Spawn(initial);
                }

                await Task.WhenAll(cluster.Members.Select(m => m.WaitHealthyAsync()));
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync();
        }
    }
}
