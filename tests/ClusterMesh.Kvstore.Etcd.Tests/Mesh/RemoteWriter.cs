using Microsoft.Extensions.Logging;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Publishing;

namespace ClusterMesh.Kvstore.Etcd.Tests.Mesh;

/// <summary>The remote cluster's clustermesh-apiserver: a <see cref="ClusterPublisher"/> writing c2's state into its etcd.</summary>
internal sealed class RemoteWriter : IAsyncDisposable
{
    private readonly ILogger? _log;

    private RemoteWriter(IReadOnlyList<string> endpoints, ILoggerFactory? loggers)
    {
        _log = loggers?.CreateLogger<RemoteWriter>();
        Store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = endpoints, Name = "c2-writer", OperationTimeout = TimeSpan.FromSeconds(2), RetryBaseDelay = TimeSpan.FromMilliseconds(50) }, loggers?.CreateLogger<EtcdKvStore>());
        Publisher = new ClusterPublisher(Store, new ClusterPublisherOptions { ClusterName = ClusterName.Parse(MeshSnapshots.Remote), ClusterId = new ClusterId(MeshSnapshots.RemoteId) }, loggers: loggers);
    }

    /// <summary>The writer's etcd client (also what tests read the remote truth through).</summary>
    public EtcdKvStore Store { get; }

    public ClusterPublisher Publisher { get; }

    public static async Task<RemoteWriter> StartAsync(IReadOnlyList<string> endpoints, ClusterSnapshot initial, ILoggerFactory? loggers = null)
    {
        var writer = new RemoteWriter(endpoints, loggers);
        try
        {
            await writer.PublishAsync(initial);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes <paramref name="snapshot"/> and waits until etcd holds it.</summary>
    public async Task PublishAsync(ClusterSnapshot snapshot)
    {
        using var timeout = new CancellationTokenSource(MirrorAssert.Timeout);
        await Publisher.PublishAsync(snapshot, timeout.Token);
    }

    /// <summary>Publishes <paramref name="snapshot"/>, trying again for up to 20 s while etcd is unavailable (a
    /// member died or the cluster is electing a leader), as the publisher's owner would.</summary>
    public async Task PublishRetryingAsync(ClusterSnapshot snapshot)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await PublishAsync(snapshot);
                return;
            }
            catch (KvUnavailableException ex) when (DateTime.UtcNow < deadline)
            {
                _log?.LogInformation("publish failed, again: {Message}", ex.Message);
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Publisher.DisposeAsync();
        await Store.DisposeAsync();
    }
}
