using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Datapath.Ebpf.Maps;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>
/// The map writers of the eBPF datapath: <c>cm_ipcache</c>, <c>cm_tunnel</c>, <c>cm_routes</c> and
/// <c>cm_endpoints</c> as the <see cref="IDatapath"/> contract, plus <c>cm_config</c> and <c>cm_counters</c>.
/// The maps are pinned under one directory, so they survive the agent and the programs keep forwarding while it
/// restarts; <see cref="Open"/> adopts them again. Disposing closes the descriptors and leaves the pins.
/// </summary>
/// <remarks>
/// Tunnel endpoints and node addresses are IPv4 only (the layout of <c>bpf/cm_maps.h</c>). The datapath assumes
/// it is the only writer of its maps: it mirrors the stored prefixes and endpoint names in memory.
/// </remarks>
public sealed class EbpfDatapath : IDatapath, IDisposable
{
    private readonly IReadOnlyList<BpfMap> _maps;
    private readonly BpfMap _config;
    private readonly BpfMap _counters;

    private EbpfDatapath(string pinDirectory, IReadOnlyDictionary<string, BpfMap> maps)
    {
        PinDirectory = pinDirectory;
        _maps = [.. maps.Values];
        IpCache = new KernelIpCacheMap(maps[DatapathMapSpecs.IpCache.Name]);
        Tunnels = new KernelTunnelMap(maps[DatapathMapSpecs.Tunnel.Name]);
        Routes = new KernelRouteTable(maps[DatapathMapSpecs.Routes.Name]);
        Endpoints = new KernelEndpointMap(maps[DatapathMapSpecs.Endpoints.Name]);
        _config = maps[DatapathMapSpecs.Config.Name];
        _counters = maps[DatapathMapSpecs.Counters.Name];
    }

    /// <summary>The bpffs directory the maps are pinned in.</summary>
    public string PinDirectory { get; }

    /// <inheritdoc />
    public IIpCacheMap IpCache { get; }

    /// <inheritdoc />
    public ITunnelMap Tunnels { get; }

    /// <inheritdoc />
    public IRouteTable Routes { get; }

    /// <inheritdoc />
    public IEndpointMap Endpoints { get; }

    /// <summary>
    /// Creates the datapath's maps pinned under <paramref name="pinDirectory"/> (for example
    /// <c>/sys/fs/bpf/clustermesh/&lt;node&gt;</c>), or adopts the pins of an earlier run that match
    /// <see cref="DatapathMapSpecs"/>; incompatible pins are replaced (logged). Mounts bpffs when needed.
    /// </summary>
    /// <exception cref="BpfException">The kernel refused (<see cref="BpfException.IsPermissionDenied"/> without privileges).</exception>
    public static EbpfDatapath Open(string pinDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(pinDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var maps = new Dictionary<string, BpfMap>();
        try
        {
            foreach (var spec in DatapathMapSpecs.All)
            {
                maps[spec.Name] = BpfMap.Open(spec, pinDirectory, logger);
            }

            return new EbpfDatapath(Path.GetFullPath(pinDirectory), maps);
        }
        catch
        {
            foreach (var map in maps.Values)
            {
                map.Dispose();
            }

            throw;
        }
    }

    /// <summary>Writes the node-wide settings into <c>cm_config</c>.</summary>
    /// <param name="nodeAddress">This node's IPv4 underlay address.</param>
    /// <param name="vxlanIfIndex">The VXLAN device (external mode).</param>
    /// <param name="netdevIfIndex">The underlay device (direct routing).</param>
    /// <param name="flags">The <c>flags</c> word; 0 unless the programs define bits.</param>
    public void WriteConfig(IPAddress nodeAddress, int vxlanIfIndex, int netdevIfIndex, uint flags = 0)
    {
        ArgumentNullException.ThrowIfNull(nodeAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(vxlanIfIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(netdevIfIndex);
        var value = new ConfigValue
        {
            NodeAddress = AddressBytes.ToIPv4Word(nodeAddress, "node address"),
            VxlanIfIndex = (uint)vxlanIfIndex,
            NetdevIfIndex = (uint)netdevIfIndex,
            Flags = flags,
        };
        _config.Update(0u, in value);
    }

    /// <summary>Reads <c>cm_config</c> back (all zero before <see cref="WriteConfig"/>).</summary>
    public (IPAddress NodeAddress, int VxlanIfIndex, int NetdevIfIndex, uint Flags) ReadConfig()
    {
        _config.TryLookup(0u, out ConfigValue value);
        return (AddressBytes.FromIPv4Word(value.NodeAddress), (int)value.VxlanIfIndex, (int)value.NetdevIfIndex, value.Flags);
    }

    /// <summary>Every counter of <c>cm_counters</c>, summed across CPUs.</summary>
    public IReadOnlyDictionary<DatapathCounter, ulong> ReadCounters()
    {
        var counters = new Dictionary<DatapathCounter, ulong>();
        Span<byte> key = stackalloc byte[sizeof(uint)];
        foreach (var counter in Enum.GetValues<DatapathCounter>())
        {
            BitConverter.TryWriteBytes(key, (uint)counter);
            counters[counter] = _counters.SumPerCpuUInt64(key) is [var sum] ? sum : 0;
        }

        return counters;
    }

    /// <summary>The live maps by name (for a loader that wants to share them with programs).</summary>
    internal IReadOnlyDictionary<string, BpfMap> Maps => _maps.ToDictionary(m => m.Name);

    /// <summary>Closes the map descriptors; the pinned maps stay in bpffs.</summary>
    public void Dispose()
    {
        foreach (var map in _maps)
        {
            map.Dispose();
        }
    }

    /// <summary>E.g. <c>eBPF datapath at /sys/fs/bpf/clustermesh/node-1</c>.</summary>
    public override string ToString() => $"eBPF datapath at {PinDirectory}";
}
