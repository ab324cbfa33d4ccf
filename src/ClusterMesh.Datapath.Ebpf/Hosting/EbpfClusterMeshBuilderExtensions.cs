using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Hosting;
using ClusterMesh.Datapath.Ebpf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// The usual home of Add*/Use* extensions, so they show up wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects the eBPF datapath as a ClusterMesh backend.</summary>
public static class EbpfClusterMeshBuilderExtensions
{
    /// <summary>The pin directory of a node when none is given: <c>/sys/fs/bpf/clustermesh/&lt;node&gt;</c>.</summary>
    public static string DefaultPinDirectory(string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        return $"/sys/fs/bpf/clustermesh/{nodeName}";
    }

    /// <summary>
    /// Programs the kernel maps pinned under <paramref name="pinDirectory"/> (created, or adopted from an earlier
    /// run, when the datapath is first resolved; needs root or CAP_BPF + CAP_NET_ADMIN).
    /// </summary>
    public static IClusterMeshBuilder UseEbpfDatapath(this IClusterMeshBuilder builder, string pinDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(pinDirectory);
        builder.Services.AddSingleton(provider => EbpfDatapath.Open(
            pinDirectory,
            (ILogger?)provider.GetService<ILogger<EbpfDatapath>>() ?? NullLogger.Instance));
        builder.Services.AddSingleton<IDatapath>(provider => provider.GetRequiredService<EbpfDatapath>());
        return builder;
    }

    /// <summary>
    /// Runs the whole eBPF datapath on this node (the process's network namespace): pinned maps adopted across
    /// restarts, programs loaded and attached to the VXLAN and underlay devices, <c>from_container</c> on every
    /// local pod's host-side veth, kernel routes for directly routed pod CIDRs (see <see cref="EbpfNode"/>).
    /// Starting fails with <see cref="EbpfStartException"/> when the datapath is first resolved.
    /// </summary>
    public static IClusterMeshBuilder UseEbpfNode(this IClusterMeshBuilder builder, EbpfNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddSingleton(provider => EbpfNode.Start(
            options,
            (ILogger?)provider.GetService<ILogger<EbpfNode>>() ?? NullLogger.Instance));
        builder.Services.AddSingleton<IDatapath>(provider => provider.GetRequiredService<EbpfNode>());
        return builder;
    }
}
