using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Testing.Datapath;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>The shared datapath contract, run against the simulation.</summary>
public sealed class SimulatedDatapathContractTests : DatapathContractTests
{
    protected override IDatapath CreateDatapath() => new SimulatedDatapath(TestNodes.Options("node-1", "192.168.0.11", "10.244.1.0/24"));
}
