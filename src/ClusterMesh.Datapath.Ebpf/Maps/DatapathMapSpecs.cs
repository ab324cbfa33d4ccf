using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>
/// The datapath's maps as <c>bpf/cm_maps.h</c> and <c>bpf/cm_datapath.c</c> declare them, written out in C# so
/// the map writers can create them without parsing the object file. A test asserts the BTF-parsed specs agree.
/// </summary>
public static class DatapathMapSpecs
{
    /// <summary>BPF_F_NO_PREALLOC: LPM tries cannot be preallocated.</summary>
    public const uint NoPreallocFlag = 1;

    /// <summary>The <c>cm_counter</c> enum's <c>CM_CTR_MAX</c>: slots in <c>cm_counters</c>.</summary>
    public const uint CounterSlots = 16;

    /// <summary>cm_ipcache: <c>cm_lpm_key</c> → <c>cm_ipcache_value</c>.</summary>
    public static MapSpec IpCache { get; } = new("cm_ipcache", BpfMapType.LpmTrie, LpmKey.Size, IpCacheEntryValue.Size, 524288, NoPreallocFlag, MapPinning.ByName);

    /// <summary>cm_tunnel: <c>cm_lpm_key</c> → <c>cm_tunnel_value</c>.</summary>
    public static MapSpec Tunnel { get; } = new("cm_tunnel", BpfMapType.LpmTrie, LpmKey.Size, TunnelValue.Size, 65536, NoPreallocFlag, MapPinning.ByName);

    /// <summary>cm_routes: <c>cm_lpm_key</c> → <c>cm_route_value</c>.</summary>
    public static MapSpec Routes { get; } = new("cm_routes", BpfMapType.LpmTrie, LpmKey.Size, RouteValue.Size, 65536, NoPreallocFlag, MapPinning.ByName);

    /// <summary>cm_endpoints: <c>cm_endpoint_key</c> → <c>cm_endpoint_value</c>.</summary>
    public static MapSpec Endpoints { get; } = new("cm_endpoints", BpfMapType.Hash, EndpointKey.Size, EndpointValue.Size, 65536, 0, MapPinning.ByName);

    /// <summary>cm_config: one <c>struct cm_config</c> at index 0.</summary>
    public static MapSpec Config { get; } = new("cm_config", BpfMapType.Array, sizeof(uint), ConfigValue.Size, 1, 0, MapPinning.ByName);

    /// <summary>cm_counters: a per-CPU array of 64-bit counters indexed by <c>enum cm_counter</c>.</summary>
    public static MapSpec Counters { get; } = new("cm_counters", BpfMapType.PerCpuArray, sizeof(uint), sizeof(ulong), CounterSlots, 0, MapPinning.ByName);

    /// <summary>All six, in a stable order.</summary>
    public static IReadOnlyList<MapSpec> All { get; } = [IpCache, Tunnel, Routes, Endpoints, Config, Counters];
}
