using Microsoft.Extensions.DependencyInjection;

namespace ClusterMesh.Abstractions.Hosting;

/// <summary>
/// Returned by <c>services.AddClusterMesh(...)</c>; each backend package adds a <c>Use*</c> extension on it
/// (<c>UseMemoryKvStore</c>, <c>UseSimulationDatapath</c>, ...) that registers its implementation.
/// </summary>
public interface IClusterMeshBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
