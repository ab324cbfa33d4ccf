using System.Text.Json;
using ClusterMesh.Replication.Sync;
using ClusterMesh.Replication.Tests.Support;

namespace ClusterMesh.Replication.Tests.Remote;

/// <summary>The writer and the reader together: what one cluster's sync stores publish, another mirrors.</summary>
public sealed class PublishAndMirrorTests : IAsyncLifetime
{
    private readonly RemotePublisher _c2 = new("c2");
    private readonly RemoteClusterHarness _local = new();
    private readonly List<SyncStore> _writers = [];

    public Task InitializeAsync() => _c2.PublishConfigAsync(2);

    public async Task DisposeAsync()
    {
        foreach (var writer in _writers)
        {
            await writer.DisposeAsync();
        }

        await _c2.DisposeAsync();
    }

    [Fact]
    public async Task The_mirror_follows_the_writers_and_sweeps_after_a_writer_restart()
    {
        var (nodes, services) = StartWriters();
        nodes.UpsertKey(Key(RemotePublisher.Nodes, "a"), Value("a", 1));
        nodes.UpsertKey(Key(RemotePublisher.Nodes, "b"), Value("b", 2));
        nodes.MarkInitialSetComplete();
        services.MarkInitialSetComplete();

        await using var c2 = _local.Create("c2");
        await c2.ConnectAsync(_c2.Client());
        using (var timeout = new CancellationTokenSource(Eventually.Timeout))
        {
            await c2.WaitUntilReadyAsync(timeout.Token);
        }

        Assert.Equal(2, _local.Nodes.State.Count);

        // The remote kvstore restarts empty; a new agent publishes a different set.
        await nodes.DisposeAsync();
        await services.DisposeAsync();
        await _c2.RestartAsync(2);
        (nodes, services) = StartWriters();
        nodes.UpsertKey(Key(RemotePublisher.Nodes, "b"), Value("b", 3));
        nodes.MarkInitialSetComplete();
        services.MarkInitialSetComplete();

        await Eventually.TrueAsync(() => _local.Nodes.State.Count == 1 && _local.Nodes.State.Values.Single().Value == 3, "the new set is mirrored");
        Assert.Equal(1, _local.Nodes.Deletes);
    }

    private (SyncStore Nodes, SyncStore Services) StartWriters()
    {
        var nodes = Writer(RemotePublisher.Nodes);
        var services = Writer(RemotePublisher.Services);
        return (nodes, services);
    }

    private SyncStore Writer(string prefix)
    {
        var writer = new SyncStore(_c2.Store, new SyncStoreOptions { ClusterName = "c2", Prefix = prefix, Backoff = RemoteClusterHarness.FastBackoff });
        _writers.Add(writer);
        writer.Start();
        return writer;
    }

    private static string Key(string prefix, string name) => $"{prefix}/c2/{name}";

    private static byte[] Value(string name, int value) => JsonSerializer.SerializeToUtf8Bytes(new Item("c2", name, value));
}
