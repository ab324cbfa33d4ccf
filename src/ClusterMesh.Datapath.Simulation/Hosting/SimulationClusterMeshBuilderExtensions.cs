using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Hosting;
using ClusterMesh.Datapath.Simulation;
using Microsoft.Extensions.Logging;

// The usual home of Add*/Use* extensions, so they show up wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects the Simulation datapath as a ClusterMesh backend.</summary>
public static class SimulationClusterMeshBuilderExtensions
{
    /// <summary>Programs a new <see cref="SimulatedDatapath"/> for the node described by <paramref name="node"/>.</summary>
    public static IClusterMeshBuilder UseSimulationDatapath(this IClusterMeshBuilder builder, SimulatedNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(node);
        return builder.UseSimulationDatapath(provider => new SimulatedDatapath(node, provider.GetService<ILogger<SimulatedDatapath>>()));
    }

    /// <summary>Programs the datapath <paramref name="create"/> returns (for example a node of a <see cref="SimulatedMesh"/>).</summary>
    public static IClusterMeshBuilder UseSimulationDatapath(this IClusterMeshBuilder builder, Func<IServiceProvider, SimulatedDatapath> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.AddSingleton(create);
        builder.Services.AddSingleton<IDatapath>(provider => provider.GetRequiredService<SimulatedDatapath>());
        return builder;
    }
}
