using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Agent.GlobalServices;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Publishing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Run;

/// <summary>
/// Publishes this node's share of the local cluster (its Node, its pods' ipcache entries and identities) and, on
/// the designated node, the cluster-wide keys; then programs the node's own endpoints. Runs in the background so
/// that a kvstore that is not there yet delays readiness, not the start (the writers retry).
/// </summary>
internal sealed class NodePublisherService(RunPlan plan, IKvStore store, ClusterMeshNode node, NodeServices services, RunState state,
    IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger = loggers.CreateLogger<NodePublisherService>();
    private ClusterPublisher? _publisher;
    private Task? _run;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _publisher = new ClusterPublisher(store, new ClusterPublisherOptions
        {
            ClusterName = plan.Cluster.Name,
            ClusterId = plan.Cluster.Id,
            MaxConnectedClusters = plan.Cluster.MaxConnectedClusters,
            NodeName = plan.Node.Name,
            PublishClusterState = plan.PublishClusterState,
            ServiceExportsEnabled = true,
            Backoff = plan.Backoff,
        }, time, loggers);
        var publisher = _publisher;
        state.CanariesWritten = () => publisher.SyncedCanariesWritten;
        _run = Task.Run(() => PublishAsync(publisher, _stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task PublishAsync(ClusterPublisher publisher, CancellationToken cancellationToken)
    {
        try
        {
            var fingerprint = plan.ManifestsPath is { } folder ? ManifestFingerprint.Of(folder) : null;
            await PublishOnceAsync(publisher, plan.Manifests, plan.State, cancellationToken);
            state.MarkPublished();
            if (plan.ManifestsPath is not { } path)
            {
                return;
            }

            // Manifests change under a running agent (pods added, deleted): re-read and publish the new state.
            while (true)
            {
                await Task.Delay(plan.ManifestPollInterval, time, cancellationToken);
                var current = ManifestFingerprint.Of(path);
                if (current == fingerprint)
                {
                    continue;
                }

                fingerprint = current;
                if (Reload(path) is { } reloaded)
                {
                    await PublishOnceAsync(publisher, reloaded.Manifests, reloaded.State, cancellationToken);
                    services.ApplyLocal(reloaded.Manifests);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is KvStoreException or InvalidOperationException)
        {
            // Writers retry outages themselves: what ends up here (a permission denied, an exhausted identity
            // range) does not heal by waiting, so the agent stops and says why.
            RunLog.PublishFailed(_logger, plan.Node.Name, e.Message);
            state.Fail($"publishing failed: {e.Message}");
            lifetime.StopApplication();
        }
    }

    private async Task PublishOnceAsync(ClusterPublisher publisher, ClusterManifests manifests, LocalClusterState local, CancellationToken cancellationToken)
    {
        var services = ManifestServices.Export(manifests, ManifestServices.Read(manifests));
        var snapshot = new ClusterSnapshot(local.Nodes, local.Endpoints, services) { ServiceExports = ManifestServiceExports.Read(manifests) };
        await publisher.PublishAsync(snapshot, cancellationToken);
        var identities = publisher.Identities.ToDictionary(p => p.Value, p => p.Key);
        var endpoints = local.EndpointsOn(plan.Node.Name)
            .Select((e, i) => new LocalEndpoint(e.Address, i + 1, identities[e.IdentityLabels], e.Namespace, e.Name))
            .ToList();
        node.SetLocalEndpoints(endpoints);
        RunLog.Published(_logger, plan.Node.Name, plan.Cluster.Name.Value, endpoints.Count, plan.PublishClusterState);
    }

    /// <summary>The manifests as they are now, or null (logged) when they do not read: the last good state stays.</summary>
    private (ClusterManifests Manifests, LocalClusterState State)? Reload(string path)
    {
        try
        {
            var manifests = RunInput.LoadManifests(path, plan.Cluster.Name.Value);
            return (manifests, LocalStateBuilder.Build(manifests));
        }
        catch (Exception e) when (e is RunInputException or ManifestException)
        {
            RunLog.ManifestReloadFailed(_logger, path, e.Message);
            return null;
        }
    }
}
