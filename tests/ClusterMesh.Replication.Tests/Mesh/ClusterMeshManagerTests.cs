using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Tests.Support;

namespace ClusterMesh.Replication.Tests.Mesh;

public sealed class ClusterMeshManagerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clustermesh-").FullName;
    private readonly MemoryKvStoreRegistry _registry = new();
    private readonly RemoteClusterHarness _local = new();
    private readonly ClusterMeshManager _mesh;

    public ClusterMeshManagerTests()
    {
        _mesh = new ClusterMeshManager(
            new ClusterMeshOptions { ConfigDirectory = _directory, Cluster = RemoteClusterHarness.Options(), WatchDirectory = false },
            new MemoryKvStoreFactory(_registry),
            _ => _local.Kinds());
    }

    public async Task InitializeAsync()
    {
        await PublishAsync("c2", 2, "a", "b");
        await PublishAsync("c2-replica", 2, "b", "c");
        await PublishAsync("c3", 3, "x");
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _registry.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Adds_one_cluster_per_configuration_file_and_ignores_the_rest()
    {
        Write("c2", "endpoints:\n- memory://c2\n");
        Write("c3", "endpoints:\n- memory://c3\n");
        Write("c1", "endpoints:\n- memory://c1\n");
        Write("README", "not a configuration\n");
        Write(".hidden", "endpoints:\n- memory://c3\n");
        Write("Not_A_Name", "endpoints:\n- memory://c3\n");

        await _mesh.StartAsync();
        Assert.Equal(["c2", "c3"], _mesh.ClusterNames);
        await ReadyAsync();

        Assert.Equal(3, _local.Nodes.State.Count);
        var status = _mesh.GetStatus();
        Assert.Equal(["c2", "c3"], status.Select(s => s.Name));
        Assert.All(status, s => Assert.True(s.Ready));
        Assert.Equal([2, 3], status.Select(s => s.ClusterId!.Value));
    }

    [Fact]
    public async Task A_changed_file_reconnects_and_resyncs()
    {
        Write("c2", "endpoints:\n- memory://c2\n");
        await _mesh.RescanAsync();
        await ReadyAsync();
        var upserts = _local.Nodes.Upserts;

        await _mesh.RescanAsync();
        Assert.Equal(upserts, _local.Nodes.Upserts);

        Write("c2", "endpoints:\n- memory://c2-replica\n");
        await _mesh.RescanAsync();
        await Eventually.TrueAsync(() => _local.Nodes.State.Keys.Order().SequenceEqual(["cilium/state/nodes/v1/c2/b", "cilium/state/nodes/v1/c2/c"]), "the replica's nodes are mirrored");
        Assert.Contains("c2-replica", _mesh.GetStatus().Single().Store, StringComparison.Ordinal);
        Assert.Equal(1, _local.Nodes.Deletes);
    }

    [Fact]
    public async Task A_removed_file_removes_the_cluster_and_withdraws_its_state()
    {
        Write("c2", "endpoints:\n- memory://c2\n");
        Write("c3", "endpoints:\n- memory://c3\n");
        await _mesh.RescanAsync();
        await ReadyAsync();

        File.Delete(Path.Combine(_directory, "c2"));
        await _mesh.RescanAsync();

        Assert.Equal(["c3"], _mesh.ClusterNames);
        Assert.Equal(["cilium/state/nodes/v1/c3/x"], _local.Nodes.State.Keys);
        Assert.Null(_mesh.GetCluster("c2"));
    }

    [Fact]
    public async Task A_configuration_the_factory_cannot_use_shows_as_a_failure()
    {
        Write("c2", "endpoints:\n- https://c2.mesh.example:2379\n");
        await _mesh.RescanAsync();

        var status = Assert.Single(_mesh.GetStatus());
        Assert.False(status.Ready);
        Assert.Equal(1, status.NumFailures);
        Assert.Contains("memory://", status.LastFailureMessage, StringComparison.Ordinal);

        Write("c2", "endpoints:\n- memory://c2\n");
        await _mesh.RescanAsync();
        await ReadyAsync();
    }

    private async Task PublishAsync(string store, int id, params string[] nodes)
    {
        var publisher = new RemotePublisher("c" + id, _registry.GetOrCreate(store));
        await publisher.PublishConfigAsync(id);
        foreach (var node in nodes)
        {
            await publisher.PutAsync(RemotePublisher.Nodes, node, 1);
        }

        await publisher.CanariesAsync();
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory, name), text);

    private async Task ReadyAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        await _mesh.WaitUntilReadyAsync(timeout.Token);
    }
}
