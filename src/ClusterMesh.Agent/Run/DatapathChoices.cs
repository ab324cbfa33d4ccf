using ClusterMesh.Abstractions.Hosting;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Demo;
using ClusterMesh.Kubernetes.Manifests;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterMesh.Agent.Run;

/// <summary>What a datapath registration knows about the node it programs.</summary>
/// <param name="Cluster">The cluster's settings (name, ID, routing mode).</param>
/// <param name="Node">The node this agent runs on, as published (addresses, pod CIDRs, labels).</param>
/// <param name="Host">Node-local settings of kernel datapaths.</param>
internal sealed record DatapathNode(ClusterSettings Cluster, Node Node, DatapathHostSettings? Host = null);

/// <summary>Node-local settings a kernel datapath needs.</summary>
/// <param name="UnderlayDevice">The underlay device (direct routing).</param>
/// <param name="PinDirectory">The bpffs pin directory; null for the default of the cluster and node.</param>
internal sealed record DatapathHostSettings(string UnderlayDevice, string? PinDirectory);

/// <summary>Registers an <see cref="Abstractions.Datapath.IDatapath"/> for one node on the ClusterMesh builder.</summary>
internal delegate void DatapathRegistration(IClusterMeshBuilder builder, DatapathNode node);

/// <summary>The datapaths <c>run --datapath</c> can name. Adding one is one entry in <see cref="Available"/>.</summary>
internal static class DatapathChoices
{
    public const string Default = "simulation";

    /// <summary>Every name the option accepts, including ones this build cannot run yet.</summary>
    public static IReadOnlyList<string> Names { get; } = ["simulation", "ebpf"];

    /// <summary>The datapaths this build can run, by name.</summary>
    public static IReadOnlyDictionary<string, DatapathRegistration> Available { get; } = new Dictionary<string, DatapathRegistration>(StringComparer.Ordinal)
    {
        ["simulation"] = (builder, node) => builder.UseSimulationDatapath(MeshClusterRuntime.NodeOptions(node.Cluster, node.Node)),
        ["ebpf"] = (builder, node) => builder.UseEbpfNode(EbpfChoice.Options(node)),
    };

    /// <summary>The registration called <paramref name="name"/>.</summary>
    /// <exception cref="RunInputException">The name is unknown or not available in this build.</exception>
    public static DatapathRegistration Get(string name) =>
        Available.TryGetValue(name, out var registration)
            ? registration
            : throw new RunInputException(Names.Contains(name, StringComparer.Ordinal)
                ? $"--datapath: '{name}' is not available in this build yet (available: {string.Join(", ", Available.Keys)})"
                : $"--datapath: unknown datapath '{name}' (one of: {string.Join(", ", Names)})");
}
