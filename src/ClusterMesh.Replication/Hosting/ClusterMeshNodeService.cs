using ClusterMesh.Replication.Mesh;
using Microsoft.Extensions.Hosting;

namespace ClusterMesh.Replication.Hosting;

/// <summary>Runs the <see cref="ClusterMeshNode"/> for the lifetime of the host.</summary>
internal sealed class ClusterMeshNodeService(ClusterMeshNode node) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => node.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await node.DisposeAsync();
}
