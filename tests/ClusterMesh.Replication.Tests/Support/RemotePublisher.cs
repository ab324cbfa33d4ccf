using System.Text;
using System.Text.Json;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kvstore.Memory;

namespace ClusterMesh.Replication.Tests.Support;

/// <summary>
/// Plays the remote cluster's side in tests: its kvstore, its configuration and canaries (under a lease, like
/// Cilium writes them), and its items written directly.
/// </summary>
internal sealed class RemotePublisher : IAsyncDisposable
{
    private readonly string cluster;

    public RemotePublisher(string cluster, TimeProvider? time = null)
        : this(cluster, new MemoryKvStore(cluster, timeProvider: time))
    {
    }

    /// <summary>Publishes into an existing store (one of a registry, for example).</summary>
    public RemotePublisher(string cluster, MemoryKvStore store)
    {
        this.cluster = cluster;
        Store = store;
    }

    public const string Nodes = KvKeys.NodesPrefix;
    public const string Services = KvKeys.ServicesPrefix;

    private LeaseId _lease;

    public MemoryKvStore Store { get; }

    public string Cluster => cluster;

    /// <summary>A read-only client for the local side.</summary>
    public IKvStore Client() => Store.AsReadOnly();

    public async Task PublishConfigAsync(int id, bool syncedCanaries = true, int maxConnectedClusters = 255)
    {
        _lease = await Store.GrantLeaseAsync(TimeSpan.FromHours(1));
        var config = new ClusterConfig { Id = id, Capabilities = new ClusterCapabilities { SyncedCanaries = syncedCanaries, MaxConnectedClusters = maxConnectedClusters } };
        await Store.PutAsync(KvKeys.ClusterConfig(cluster), JsonSerializer.SerializeToUtf8Bytes(config), _lease);
    }

    public Task PutAsync(string prefix, string name, int value) =>
        Store.PutAsync($"{prefix}/{cluster}/{name}", JsonSerializer.SerializeToUtf8Bytes(new Item(cluster, name, value))).AsTask();

    public Task PutRawAsync(string prefix, string name, string value) =>
        Store.PutAsync($"{prefix}/{cluster}/{name}", Encoding.UTF8.GetBytes(value)).AsTask();

    public Task DeleteAsync(string prefix, string name) => Store.DeleteAsync($"{prefix}/{cluster}/{name}").AsTask();

    public Task CanaryAsync(string prefix) =>
        Store.PutAsync(KvKeys.SyncedCanary(cluster, prefix), "2025-01-01T00:00:00Z"u8.ToArray(), _lease).AsTask();

    public async Task CanariesAsync()
    {
        await CanaryAsync(Nodes);
        await CanaryAsync(Services);
    }

    /// <summary>The remote kvstore restarts empty; its writer then republishes the configuration.</summary>
    public async Task RestartAsync(int id)
    {
        Store.Reset();
        await PublishConfigAsync(id);
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
