using ClusterMesh.Abstractions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterMesh.Replication.Hosting;

/// <summary>The builder <c>AddClusterMesh</c> returns.</summary>
internal sealed class ClusterMeshBuilder(IServiceCollection services) : IClusterMeshBuilder
{
    public IServiceCollection Services { get; } = services;
}
