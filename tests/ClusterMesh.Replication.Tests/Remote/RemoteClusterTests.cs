using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Tests.Support;

namespace ClusterMesh.Replication.Tests.Remote;

public sealed class RemoteClusterTests : IAsyncLifetime
{
    private readonly RemoteClusterHarness _local = new();
    private readonly RemotePublisher _c2 = new("c2");
    private readonly List<RemoteCluster> _clusters = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        await _c2.DisposeAsync();
        Assert.False(_local.Nodes.Concurrent || _local.Services.Concurrent, "observer calls overlapped");
    }

    [Fact]
    public async Task Becomes_ready_once_configured_and_every_kind_is_synced()
    {
        await PublishAsync(2, ("a", 1), ("b", 2));
        await _c2.PutAsync(RemotePublisher.Services, "s", 7);
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        var status = c2.GetStatus();
        Assert.True(status.Connected);
        Assert.True(status.ConfigRetrieved);
        Assert.True(status.SyncedCanaries);
        Assert.Equal(2, status.ClusterId);
        Assert.Equal(2, status.CountOf(RemoteKindNames.Nodes));
        Assert.Equal(1, status.CountOf(RemoteKindNames.Services));
        Assert.True(status.IsSynced(RemoteKindNames.Nodes) && status.IsSynced(RemoteKindNames.Services));
        Assert.Equal(0, status.NumFailures);
        Assert.Equal(new Item("c2", "b", 2), _local.Nodes.State["cilium/state/nodes/v1/c2/b"]);
        Assert.Contains("c2: ready, connected, cluster-id 2, 2 nodes, 1 services", status.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300, 255, "out of range")]
    [InlineData(0, 255, "out of range")]
    [InlineData(1, 255, "the local cluster's ID")]
    [InlineData(2, 511, "max-connected-clusters mismatch")]
    public async Task An_invalid_configuration_is_refused_and_nothing_is_mirrored_until_it_is_fixed(int id, int max, string reason)
    {
        await PublishAsync(id, ("a", 1));
        await _c2.PublishConfigAsync(id, maxConnectedClusters: max);
        var c2 = await ConnectAsync("c2", _c2);

        await Eventually.TrueAsync(() => c2.GetStatus().NumFailures >= 2, "the configuration was refused twice");
        var status = c2.GetStatus();
        Assert.Contains(reason, status.LastFailureMessage, StringComparison.Ordinal);
        Assert.NotNull(status.LastFailure);
        Assert.False(status.Ready);
        Assert.False(status.ConfigRetrieved);
        Assert.Empty(_local.Nodes.Calls);

        await _c2.PublishConfigAsync(2);
        await ReadyAsync(c2);
        Assert.Single(_local.Nodes.State);
    }

    [Fact]
    public async Task A_cluster_ID_already_used_by_another_connected_cluster_is_refused()
    {
        await using var c3Store = new RemotePublisher("c3");
        await c3Store.PublishConfigAsync(2);
        await c3Store.CanariesAsync();
        var c3 = await ConnectAsync("c3", c3Store);
        await ReadyAsync(c3);

        await PublishAsync(2, ("a", 1));
        var c2 = await ConnectAsync("c2", _c2);
        await Eventually.TrueAsync(() => c2.GetStatus().NumFailures >= 1, "the duplicate ID was refused");
        Assert.Contains("already used by the connected cluster c3", c2.GetStatus().LastFailureMessage, StringComparison.Ordinal);
        Assert.Empty(_local.Nodes.State);

        await c3.RemoveAsync();
        await ReadyAsync(c2);
    }

    [Fact]
    public async Task A_kvstore_holding_another_clusters_configuration_is_a_name_mismatch()
    {
        await using var c3Store = new RemotePublisher("c3");
        await c3Store.PublishConfigAsync(3);
        var c2 = await ConnectAsync("c2", c3Store);

        await Eventually.TrueAsync(() => c2.GetStatus().NumFailures >= 1, "the mismatch was reported");
        Assert.Contains("cluster name mismatch", c2.GetStatus().LastFailureMessage, StringComparison.Ordinal);
        Assert.Contains("c3", c2.GetStatus().LastFailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_configuration_is_waited_for()
    {
        await _c2.PutAsync(RemotePublisher.Nodes, "a", 1);
        var c2 = await ConnectAsync("c2", _c2);
        await Eventually.TrueAsync(() => c2.GetStatus().NumFailures >= 2, "the connection waited");
        Assert.Contains("not found", c2.GetStatus().LastFailureMessage, StringComparison.Ordinal);
        Assert.Empty(_local.Nodes.Calls);

        await _c2.PublishConfigAsync(2);
        await _c2.CanariesAsync();
        await ReadyAsync(c2);
    }

    [Fact]
    public async Task Each_kind_waits_for_its_synced_canary_before_it_is_listed()
    {
        await _c2.PublishConfigAsync(2);
        await _c2.PutAsync(RemotePublisher.Nodes, "a", 1);
        await _c2.CanaryAsync(RemotePublisher.Services);
        var c2 = await ConnectAsync("c2", _c2);

        await Eventually.TrueAsync(() => c2.GetStatus().IsSynced(RemoteKindNames.Services), "services synced");
        await Eventually.TrueAsync(() => c2.GetStatus().Kinds.Single(k => k.Name == RemoteKindNames.Nodes).WaitingForCanary, "nodes wait for their canary");
        Assert.False(c2.GetStatus().Ready);
        Assert.Empty(_local.Nodes.Calls);

        await _c2.CanaryAsync(RemotePublisher.Nodes);
        await ReadyAsync(c2);
        Assert.Single(_local.Nodes.State);
    }

    [Fact]
    public async Task Without_synced_canaries_the_kinds_are_listed_at_once()
    {
        await _c2.PublishConfigAsync(2, syncedCanaries: false);
        await _c2.PutAsync(RemotePublisher.Nodes, "a", 1);
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);
        Assert.Single(_local.Nodes.State);
    }

    [Fact]
    public async Task A_disconnect_keeps_the_mirrored_state_and_the_reconnection_catches_up()
    {
        await PublishAsync(2, ("a", 1), ("b", 2));
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        _c2.Store.GoOffline();
        await Eventually.TrueAsync(() => !c2.GetStatus().Connected, "the outage was noticed");
        Assert.Equal(2, _local.Nodes.State.Count);
        Assert.Equal(0, _local.Nodes.Deletes);
        Assert.True(c2.GetStatus().NumFailures >= 1);

        _c2.Store.GoOnline();
        await _c2.DeleteAsync(RemotePublisher.Nodes, "a");
        await Eventually.TrueAsync(() => _local.Nodes.State.Count == 1, "the delete arrived");
        await ReadyAsync(c2);
    }

    [Fact]
    public async Task Reconnecting_to_another_store_resyncs_and_sweeps_what_it_lacks()
    {
        await PublishAsync(2, ("a", 1), ("b", 2));
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        await using var replica = new RemotePublisher("c2");
        await replica.PublishConfigAsync(2);
        await replica.PutAsync(RemotePublisher.Nodes, "b", 2);
        await replica.PutAsync(RemotePublisher.Nodes, "c", 3);
        await replica.CanariesAsync();
        await c2.ConnectAsync(replica.Client());

        await Eventually.TrueAsync(() => _local.Nodes.State.Keys.Order().SequenceEqual(["cilium/state/nodes/v1/c2/b", "cilium/state/nodes/v1/c2/c"]), "the replica's state is mirrored");
        Assert.Equal(1, _local.Nodes.Deletes);
        Assert.Equal(3, _local.Nodes.Upserts);
    }

    [Fact]
    public async Task A_remote_restart_keeps_the_local_state_until_the_canaries_return_then_sweeps()
    {
        await PublishAsync(2, ("a", 1), ("b", 2));
        await _c2.PutAsync(RemotePublisher.Services, "s", 1);
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        await _c2.RestartAsync(2);
        await Eventually.TrueAsync(() => c2.GetStatus().Kinds.All(k => k.WaitingForCanary), "every kind waits for its canary");
        await _c2.PutAsync(RemotePublisher.Nodes, "b", 20);
        await _c2.PutAsync(RemotePublisher.Nodes, "c", 3);
        Assert.Equal(0, _local.Nodes.Deletes + _local.Services.Deletes);
        Assert.Equal(2, _local.Nodes.State.Count);

        await _c2.CanariesAsync();
        await Eventually.TrueAsync(() => _local.Services.State.Count == 0 && _local.Nodes.State.Count == 2 && _local.Nodes.State.ContainsKey("cilium/state/nodes/v1/c2/c"), "the republished state is mirrored");
        Assert.Equal(20, _local.Nodes.State["cilium/state/nodes/v1/c2/b"].Value);
        await ReadyAsync(c2);
    }

    [Fact]
    public async Task Removal_withdraws_everything()
    {
        await PublishAsync(2, ("a", 1), ("b", 2));
        await _c2.PutAsync(RemotePublisher.Services, "s", 1);
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        await c2.RemoveAsync();
        Assert.Empty(_local.Nodes.State);
        Assert.Empty(_local.Services.State);
        Assert.Equal(3, _local.Nodes.Deletes + _local.Services.Deletes);
        Assert.False(c2.GetStatus().Ready);
    }

    [Fact]
    public async Task A_new_cluster_ID_withdraws_what_was_learned_under_the_old_one_and_relearns_it()
    {
        await PublishAsync(2, ("a", 1));
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        await _c2.PublishConfigAsync(3);
        await Eventually.TrueAsync(() => c2.GetStatus().ClusterId == 3 && _local.Nodes.Deletes == 1 && _local.Nodes.State.Count == 1, "relearned under ID 3");
        await ReadyAsync(c2);
    }

    [Fact]
    public async Task Rejected_values_are_counted_in_the_status()
    {
        await PublishAsync(2, ("a", 1));
        await _c2.PutRawAsync(RemotePublisher.Nodes, "bad", "{");
        await _c2.PutRawAsync(RemotePublisher.Services, "x", """{"cluster":"c9","name":"x","value":1}""");
        var c2 = await ConnectAsync("c2", _c2);
        await ReadyAsync(c2);

        var status = c2.GetStatus();
        Assert.Equal(1, status.Rejections[RejectReason.MalformedValue]);
        Assert.Equal(1, status.Rejections[RejectReason.ForeignCluster]);
        Assert.Equal(1, status.CountOf(RemoteKindNames.Nodes));
        Assert.Contains("MalformedValue=1", status.Describe(), StringComparison.Ordinal);
    }

    private async Task PublishAsync(int id, params (string Name, int Value)[] nodes)
    {
        await _c2.PublishConfigAsync(id);
        foreach (var (name, value) in nodes)
        {
            await _c2.PutAsync(RemotePublisher.Nodes, name, value);
        }

        await _c2.CanariesAsync();
    }

    private async Task<RemoteCluster> ConnectAsync(string name, RemotePublisher publisher)
    {
        var cluster = _local.Create(name);
        _clusters.Add(cluster);
        await cluster.ConnectAsync(publisher.Client());
        return cluster;
    }

    private static async Task ReadyAsync(RemoteCluster cluster)
    {
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        await cluster.WaitUntilReadyAsync(timeout.Token);
    }
}
